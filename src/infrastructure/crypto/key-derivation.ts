import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

/** What a derived key is for; a token of one purpose can never verify as another. */
export type KeyPurpose = 'access-token' | 'key-sealing' | 'totp-secret';

/**
 * HKDF-SHA256 (RFC 5869) from the master secret, one 256-bit key per purpose (and context), as a
 * `KeyObject`: jsonwebtoken then skips its per-call attempt to parse a string as a PEM key.
 */
export function deriveKey(
  masterSecret: string | Buffer,
  purpose: KeyPurpose,
  /** Distinguishes keys of one purpose, e.g. the `kid` of an HS256 signing key. */
  context?: string,
): KeyObject {
  const ikm =
    typeof masterSecret === 'string'
      ? Buffer.from(masterSecret, 'utf8')
      : masterSecret;
  const key = hkdfSync(
    'sha256',
    ikm,
    'tokenward/v1',
    context === undefined
      ? `tokenward/${purpose}`
      : `tokenward/${purpose}/${context}`,
    32,
  );
  return createSecretKey(Buffer.from(key));
}
