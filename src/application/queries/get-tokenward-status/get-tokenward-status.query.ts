import { Query } from '@nestjs/cqrs';
import type { TokenwardStatus } from '../../dtos/tokenward-status.dto.js';

/** The global rotation state, active users and sessions, and the signing keys, read at once. */
export class GetTokenwardStatusQuery extends Query<TokenwardStatus> {}
