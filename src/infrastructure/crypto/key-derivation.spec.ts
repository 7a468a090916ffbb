import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey } from './key-derivation.js';

const SECRET = 'key-derivation-spec-secret-0123456789abcdef';

/** RFC 5869 HKDF-SHA256 for a single 32-byte block, written out independently of node's hkdf. */
function hkdf32(ikm: Buffer, salt: string, info: string): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(info), Buffer.from([1])]))
    .digest();
}

describe('deriveKey', () => {
  it('returns a 256-bit secret KeyObject', () => {
    const key = deriveKey(SECRET, 'access-token');
    expect(key.type).toBe('secret');
    expect(key.symmetricKeySize).toBe(32);
  });

  it('is HKDF-SHA256 with the tokenward salt and a per-purpose info (stable across releases)', () => {
    const expected = hkdf32(
      Buffer.from(SECRET),
      'tokenward/v1',
      'tokenward/access-token',
    );
    expect(deriveKey(SECRET, 'access-token').export()).toEqual(expected);
  });

  it('is deterministic and treats a string and its UTF-8 bytes alike', () => {
    const fromString = deriveKey(SECRET, 'access-token');
    expect(fromString.equals(deriveKey(SECRET, 'access-token'))).toBe(true);
    expect(
      fromString.equals(deriveKey(Buffer.from(SECRET, 'utf8'), 'access-token')),
    ).toBe(true);
  });

  it('never hands out the master secret itself, and differs per secret', () => {
    const key = deriveKey(SECRET, 'access-token').export();
    expect(key.equals(Buffer.from(SECRET).subarray(0, 32))).toBe(false);
    expect(key.equals(deriveKey(`${SECRET}!`, 'access-token').export())).toBe(
      false,
    );
  });
});
