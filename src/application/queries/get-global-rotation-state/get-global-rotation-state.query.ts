import { Query } from '@nestjs/cqrs';
import type { GlobalRotationView } from '../../dtos/global-rotation-view.dto.js';

/** The current global version, the previous one and its grace window. */
export class GetGlobalRotationStateQuery extends Query<GlobalRotationView> {}
