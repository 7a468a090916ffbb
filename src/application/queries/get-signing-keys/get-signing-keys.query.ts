import { Query } from '@nestjs/cqrs';
import type { SigningKeyView } from '../../dtos/signing-key-view.dto.js';

/** The signing keys this instance knows, active first, with their status (never key material). */
export class GetSigningKeysQuery extends Query<SigningKeyView[]> {}
