import type { SigningKeyRing } from '../entities/signing-key-ring.entity.js';

/** Port: stores the one signing-key ring every instance shares. */
export abstract class SigningKeyRepository {
  /** The stored ring, or null before the first instance created it. */
  abstract load(): Promise<SigningKeyRing | null>;
  /** The stored ring if its version differs from `knownVersion`, else null (cheap poll). */
  abstract loadIfChanged(knownVersion: number): Promise<SigningKeyRing | null>;
  /** Stores the first ring; false when another instance stored one first. */
  abstract create(ring: SigningKeyRing): Promise<boolean>;
  /**
   * Replaces the stored ring with `ring` (whose version is `expectedVersion + 1`) only if the
   * stored version is still `expectedVersion`; false when another instance changed it first.
   */
  abstract replace(
    ring: SigningKeyRing,
    expectedVersion: number,
  ): Promise<boolean>;
}
