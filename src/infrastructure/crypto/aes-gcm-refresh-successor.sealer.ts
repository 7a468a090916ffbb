import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { RefreshSuccessorSealer } from '../../domain/ports/refresh-successor-sealer.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under `HKDF-SHA256(presented token, info = tokenward/refresh-successor/<sid>)`. The
 * presented token has 256 random bits, so the key is as strong as the token; storage holds only
 * the token's SHA-256, from which the key cannot be derived. The session id is additional data, so
 * a sealed value copied into another session does not open.
 */
export class AesGcmRefreshSuccessorSealer extends RefreshSuccessorSealer {
  seal(successor: string, presented: string, sessionId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key(presented, sessionId), iv);
    cipher.setAAD(Buffer.from(sessionId, 'utf8'));
    const body = Buffer.concat([
      cipher.update(successor, 'utf8'),
      cipher.final(),
    ]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return `${VERSION}.${sealed.toString('base64url')}`;
  }

  open(sealed: string, presented: string, sessionId: string): string | null {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || payload === undefined) return null;
    const bytes = Buffer.from(payload, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        key(presented, sessionId),
        bytes.subarray(0, IV_BYTES),
      );
      decipher.setAAD(Buffer.from(sessionId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // Wrong token or tampered value: GCM's tag check failed.
      return null;
    }
  }
}

function key(presented: string, sessionId: string): Buffer {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(presented, 'utf8'),
      'tokenward/v1',
      `tokenward/refresh-successor/${sessionId}`,
      32,
    ),
  );
}
