import { createHash, randomBytes } from 'node:crypto';
import {
  RefreshTokenGenerator,
  type MintedRefreshToken,
} from '../../domain/ports/refresh-token-generator.js';

/**
 * 256 random bits, base64url. A plain SHA-256 is enough for storage: unlike passwords, the input
 * has full entropy, so there is nothing to brute-force and no need for a slow hash.
 */
export class Sha256RefreshTokenGenerator extends RefreshTokenGenerator {
  generate(): MintedRefreshToken {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return createHash('sha256').update(token, 'utf8').digest('hex');
  }
}
