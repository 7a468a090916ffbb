import type {
  SigningAlgorithm,
  SigningKey,
} from '../entities/signing-key-ring.entity.js';

/** Port: creates signing keys and tells whether this process can use a stored one. */
export abstract class SigningKeyMaterial {
  /** A fresh key with a new random `kid` (private parts sealed, public JWK filled in). */
  abstract generate(algorithm: SigningAlgorithm, now: Date): SigningKey;
  /** False when the key cannot be opened here (e.g. sealed under another master secret). */
  abstract canUse(key: SigningKey): boolean;
}
