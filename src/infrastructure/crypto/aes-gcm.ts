import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

const SEAL_VERSION = 'v1';

/**
 * AES-256-GCM with a fresh 96-bit IV, `aad` bound as additional data, as
 * `v1.<iv>.<ciphertext>.<tag>` (base64url): the format sealed signing keys and TOTP secrets share.
 */
export function sealAesGcm(key: KeyObject, plain: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [
    SEAL_VERSION,
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/**
 * Opens what `sealAesGcm` sealed under `key` with the same `aad`; throws on an unknown format, a
 * wrong key, another `aad` or any tampering (GCM's tag check).
 */
export function openAesGcm(
  key: KeyObject,
  sealed: string,
  aad: string,
): Buffer {
  const [version, iv, body, tag] = sealed.split('.');
  if (
    version !== SEAL_VERSION ||
    iv === undefined ||
    body === undefined ||
    tag === undefined
  ) {
    throw new Error('Unknown sealed value format');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    key,
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]);
}
