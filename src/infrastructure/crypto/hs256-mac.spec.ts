import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HS256_SIGNATURE_LENGTH, Hs256Mac } from './hs256-mac.js';

const reference = (key: Buffer, input: string) =>
  createHmac('sha256', key).update(input, 'utf8').digest('base64url');

describe('Hs256Mac', () => {
  it.each([1, 16, 32, 48, 63, 64, 65, 100, 200])(
    'is createHmac byte for byte with a %i-byte key',
    (keyLength) => {
      const key = randomBytes(keyLength);
      const mac = new Hs256Mac(createSecretKey(key));
      for (const input of [
        '',
        'a',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0',
        randomBytes(450).toString('base64url'),
        'héllo wörld ✓ 𝄞',
      ])
        expect(mac.mac(input)).toBe(reference(key, input));
    },
  );

  it('keeps agreeing across calls of different lengths (no bytes left over from a longer one)', () => {
    const key = randomBytes(48);
    const mac = new Hs256Mac(createSecretKey(key));
    const long = randomBytes(3000).toString('base64url');
    expect(mac.mac(long)).toBe(reference(key, long));
    expect(mac.mac('short')).toBe(reference(key, 'short'));
  });

  it('agrees past the in-place room, for inputs of any length', () => {
    const key = randomBytes(48);
    const mac = new Hs256Mac(createSecretKey(key));
    for (const length of [4095, 4096, 4097, 20_000]) {
      const input = 'x'.repeat(length);
      expect(mac.mac(input)).toBe(reference(key, input));
    }
    const wide = '✓'.repeat(4096);
    expect(mac.mac(wide)).toBe(reference(key, wide));
  });

  it('verifies the canonical signature and nothing else', () => {
    const key = randomBytes(48);
    const mac = new Hs256Mac(createSecretKey(key));
    const input = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0';
    const signature = reference(key, input);
    expect(signature).toHaveLength(HS256_SIGNATURE_LENGTH);
    expect(mac.verifies(input, signature)).toBe(true);
    expect(mac.verifies(`${input}x`, signature)).toBe(false);
    expect(mac.verifies(input, reference(randomBytes(48), input))).toBe(false);
    // The same 32 bytes spelt otherwise: padded, standard base64, unused low bits set.
    const bytes = Buffer.from(signature, 'base64url');
    expect(mac.verifies(input, `${signature}=`)).toBe(false);
    expect(mac.verifies(input, bytes.toString('base64'))).toBe(
      bytes.toString('base64') === signature,
    );
    const last = signature.at(-1) as string;
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = `${signature.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
    expect(Buffer.from(respelt, 'base64url').equals(bytes)).toBe(true);
    expect(mac.verifies(input, respelt)).toBe(false);
    // 43 characters, one of them not ASCII, whose low byte would spell the right signature.
    const wide = `${signature.slice(0, -1)}${String.fromCharCode(0x100 + last.charCodeAt(0))}`;
    expect(mac.verifies(input, wide)).toBe(false);
    expect(mac.verifies(input, signature.slice(0, -1))).toBe(false);
    expect(mac.verifies(input, '')).toBe(false);
  });

  it('refuses a key that is not a secret', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(() => new Hs256Mac(publicKey)).toThrow(/secret key/);
  });
});
