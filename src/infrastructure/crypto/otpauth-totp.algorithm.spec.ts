import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { OtpauthTotpAlgorithm } from './otpauth-totp.algorithm.js';

// RFC 6238 Appendix B: SHA-1 test secret "12345678901234567890"; 8-digit values there, whose last
// six digits are the 6-digit code.
const RFC_SECRET = Secret.fromLatin1('12345678901234567890').base32;

describe('OtpauthTotpAlgorithm', () => {
  const algorithm = new OtpauthTotpAlgorithm();

  it('matches the RFC 6238 test vectors, answering the time step', () => {
    expect(algorithm.matchStep(RFC_SECRET, '287082', new Date(59_000))).toBe(1);
    expect(
      algorithm.matchStep(RFC_SECRET, '081804', new Date(1111111109_000)),
    ).toBe(Math.floor(1111111109 / 30));
  });

  it('looks one step either side, no further', () => {
    const at = new Date(1111111109_000);
    const step = Math.floor(1111111109 / 30);
    const code = (offset: number) =>
      new TOTP({ secret: Secret.fromBase32(RFC_SECRET) }).generate({
        timestamp: at.getTime() + offset * 30_000,
      });
    expect(algorithm.matchStep(RFC_SECRET, code(-1), at)).toBe(step - 1);
    expect(algorithm.matchStep(RFC_SECRET, code(1), at)).toBe(step + 1);
    expect(algorithm.matchStep(RFC_SECRET, code(2), at)).toBeNull();
    expect(algorithm.matchStep(RFC_SECRET, code(-2), at)).toBeNull();
  });

  it('refuses anything but six digits', () => {
    const at = new Date(59_000);
    for (const code of ['28708', '2870820', ' 287082', '28708a', ''])
      expect(algorithm.matchStep(RFC_SECRET, code, at)).toBeNull();
  });

  it('provisions a 160-bit secret and a URI an app can read', () => {
    const { secret, uri } = algorithm.provision('Acme', 'alice');
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Acme:alice\?/);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Acme');
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
  });
});
