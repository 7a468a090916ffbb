import { describe, expect, it } from 'vitest';
import { AesGcmSecretSealer } from './aes-gcm-secret.sealer.js';

const MASTER = 'a-master-secret-of-at-least-32-bytes!!';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('AesGcmSecretSealer', () => {
  it('opens what it sealed for the same context, and never stores the secret in clear', () => {
    const sealer = new AesGcmSecretSealer(MASTER);
    const sealed = sealer.seal(SECRET, 'user-1');

    expect(sealed).not.toContain(SECRET);
    expect(sealed).toMatch(/^v1\./);
    expect(sealer.open(sealed, 'user-1')).toBe(SECRET);
  });

  it('seals the same secret differently each time (fresh IV)', () => {
    const sealer = new AesGcmSecretSealer(MASTER);
    expect(sealer.seal(SECRET, 'user-1')).not.toBe(
      sealer.seal(SECRET, 'user-1'),
    );
  });

  it('refuses another context, another master secret and a tampered value', () => {
    const sealer = new AesGcmSecretSealer(MASTER);
    const sealed = sealer.seal(SECRET, 'user-1');

    expect(() => sealer.open(sealed, 'user-2')).toThrow();
    expect(() =>
      new AesGcmSecretSealer(`${MASTER}-other`).open(sealed, 'user-1'),
    ).toThrow();
    const [version, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      sealer.open(
        [version, iv, flipped.toString('base64url'), tag].join('.'),
        'user-1',
      ),
    ).toThrow();
    expect(() => sealer.open('v2.a.b.c', 'user-1')).toThrow();
  });
});
