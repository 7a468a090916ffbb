import type { SigningKey } from '../entities/signing-key-ring.entity.js';

/** Port: the signing keys in effect, as the token signer needs them. */
export abstract class SigningKeySource {
  /** The key new tokens are signed with. Throws `StorageUnavailableError` if it cannot be loaded. */
  abstract active(): Promise<SigningKey>;
  /**
   * The key that may verify a token carrying `kid` at `now`, or null. An unknown `kid` (another
   * instance may just have rotated) makes one bounded reload of the ring before answering.
   */
  abstract resolve(kid: string, now: Date): Promise<SigningKey | null>;
  /** Grows whenever a key is revoked: verdicts remembered under an older epoch are void. */
  abstract readonly revocationEpoch: number;
}
