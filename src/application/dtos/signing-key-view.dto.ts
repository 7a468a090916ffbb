import type {
  SigningAlgorithm,
  SigningKeyStatus,
} from '../../domain/entities/signing-key-ring.entity.js';

/** What an operator may see of a signing key: never its material. */
export class SigningKeyView {
  constructor(
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly status: SigningKeyStatus,
    readonly createdAt: Date,
    readonly retiredAt: Date | null,
    readonly revokedAt: Date | null,
    /** Until when it verifies tokens; null while active, or once revoked. */
    readonly verifiesUntil: Date | null,
  ) {}
}
