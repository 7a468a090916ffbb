import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';

/** The outcome of a signing-key rotation. */
export class SigningKeyRotationResult {
  constructor(
    /** The new active key. */
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly previousKid: string,
    /** Keys that stopped verifying at once (only with `revokePrevious`). */
    readonly revokedKids: readonly string[],
    readonly rotatedAt: Date,
    /** Until when the previous key verifies its tokens; null when it was revoked. */
    readonly previousKeyVerifiesUntil: Date | null,
  ) {}
}
