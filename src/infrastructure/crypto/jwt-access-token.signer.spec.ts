import { createHmac, type KeyObject } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import type { AccessTokenClaims } from '../../domain/ports/access-token-signer.js';
import { deriveKey } from './key-derivation.js';
import { JwtAccessTokenSigner } from './jwt-access-token.signer.js';

const KEY = deriveKey(
  'signer-spec-secret-0123456789abcdef-0123456789',
  'access-token',
);
const NOW = new Date('2026-01-01T00:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const TTL = 900;
const TOLERANCE = 5;

const signer = new JwtAccessTokenSigner({
  key: KEY,
  issuer: 'tokenward-spec',
  audience: 'spec-api',
  ttlSeconds: TTL,
  clockToleranceSeconds: TOLERANCE,
});

const subject = {
  sub: 'user-1',
  jti: 'jti-1',
  sid: 'session-1',
  gv: 3,
  uv: 7,
  roles: ['admin'],
};

/** Claims exactly as the signer would issue them at NOW. */
function validClaims(): Record<string, unknown> {
  return {
    ...subject,
    iat: NOW_S,
    exp: NOW_S + TTL,
    iss: 'tokenward-spec',
    aud: 'spec-api',
  };
}

const b64 = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a compact JWS by hand, so any header and any HMAC can be forged. */
function forge(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  {
    key = KEY,
    hmac = 'sha256',
  }: { key?: KeyObject; hmac?: string | null } = {},
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature =
    hmac === null
      ? ''
      : createHmac(hmac, key).update(input).digest().toString('base64url');
  return `${input}.${signature}`;
}

const AT_HEADER = { alg: 'HS256', typ: 'at+jwt' };

function expectInvalid(token: string, now = NOW): void {
  expect(() => signer.verify(token, now)).toThrow(InvalidTokenError);
}

describe('JwtAccessTokenSigner', () => {
  it('round-trips: verify returns exactly the claims sign reported', () => {
    const { token, claims } = signer.sign(subject, NOW);
    expect(claims).toEqual(validClaims());
    expect(signer.verify(token, NOW)).toEqual(claims);
  });

  it('signs with HS256 and typ at+jwt', () => {
    const { token } = signer.sign(subject, NOW);
    const decoded = jsonwebtoken.decode(token, { complete: true });
    expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
  });

  it('accepts a token forged correctly by hand (the forging helper is sound)', () => {
    expect(signer.verify(forge(AT_HEADER, validClaims()), NOW)).toEqual(
      validClaims(),
    );
  });

  it('accepts the media-type form application/at+jwt', () => {
    const token = forge(
      { alg: 'HS256', typ: 'application/at+jwt' },
      validClaims(),
    );
    expect(signer.verify(token, NOW).sub).toBe('user-1');
  });

  it('rejects alg none', () => {
    expectInvalid(
      forge({ alg: 'none', typ: 'at+jwt' }, validClaims(), { hmac: null }),
    );
  });

  it('rejects a token signed with another key', () => {
    const other = deriveKey(
      'another-secret-0123456789abcdef-0123456789abc',
      'access-token',
    );
    expectInvalid(forge(AT_HEADER, validClaims(), { key: other }));
  });

  it('rejects a token signed with jsonwebtoken and the raw master secret', () => {
    const token = jsonwebtoken.sign(
      validClaims(),
      'signer-spec-secret-0123456789abcdef-0123456789',
      {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt' },
      },
    );
    expectInvalid(token);
  });

  it('rejects an HS384 token made with the right key (algorithm pinned)', () => {
    expectInvalid(
      forge({ alg: 'HS384', typ: 'at+jwt' }, validClaims(), { hmac: 'sha384' }),
    );
  });

  it('rejects an RS256 header over an HMAC signature (algorithm confusion)', () => {
    expectInvalid(forge({ alg: 'RS256', typ: 'at+jwt' }, validClaims()));
  });

  it('rejects a tampered payload', () => {
    const { token } = signer.sign({ ...subject, roles: ['user'] }, NOW);
    const [header, , signature] = token.split('.');
    const escalated = `${header}.${b64({ ...validClaims(), roles: ['user', 'admin'] })}.${signature}`;
    expectInvalid(escalated);
  });

  it.each([
    ['a plain JWT', 'JWT'],
    ['an ID token type', 'id+jwt'],
    ['a missing typ', undefined],
  ])('rejects %s header', (_label, typ) => {
    expectInvalid(forge({ alg: 'HS256', typ }, validClaims()));
  });

  it('rejects another issuer', () => {
    expectInvalid(forge(AT_HEADER, { ...validClaims(), iss: 'someone-else' }));
  });

  it('rejects another audience', () => {
    expectInvalid(forge(AT_HEADER, { ...validClaims(), aud: 'other-api' }));
  });

  it.each([
    'sub',
    'jti',
    'iat',
    'exp',
    'iss',
    'aud',
    'sid',
    'gv',
    'uv',
    'roles',
  ])('rejects a token without %s', (claim) => {
    const claims = validClaims();
    delete claims[claim];
    expectInvalid(forge(AT_HEADER, claims));
  });

  it.each<[string, Partial<Record<keyof AccessTokenClaims, unknown>>]>([
    ['a non-numeric exp', { exp: String(NOW_S + TTL) }],
    ['a fractional exp', { exp: NOW_S + TTL + 0.5 }],
    ['a string gv', { gv: '3' }],
    ['a fractional uv', { uv: 7.5 }],
    ['an empty sub', { sub: '' }],
    ['a numeric sid', { sid: 42 }],
    ['roles that are not an array', { roles: 'admin' }],
    ['roles that are not strings', { roles: ['admin', 1] }],
    ['an audience array', { aud: ['spec-api'] }],
  ])('rejects %s', (_label, change) => {
    expectInvalid(forge(AT_HEADER, { ...validClaims(), ...change }));
  });

  it('rejects an expired token with TokenExpiredError, past the clock tolerance', () => {
    const { token } = signer.sign(subject, NOW);
    const expiry = (NOW_S + TTL) * 1000;
    expect(
      signer.verify(token, new Date(expiry + (TOLERANCE - 1) * 1000)).sub,
    ).toBe('user-1');
    expect(() =>
      signer.verify(token, new Date(expiry + TOLERANCE * 1000)),
    ).toThrow(TokenExpiredError);
  });

  it('rejects a token issued in the future beyond the tolerance', () => {
    const inFuture = (seconds: number) =>
      forge(AT_HEADER, {
        ...validClaims(),
        iat: NOW_S + seconds,
        exp: NOW_S + seconds + TTL,
      });
    expect(signer.verify(inFuture(TOLERANCE), NOW).sub).toBe('user-1');
    expectInvalid(inFuture(TOLERANCE + 1));
  });

  it('rejects garbage', () => {
    expectInvalid('not-a-jwt');
    expectInvalid('');
    expectInvalid('a.b.c');
  });
});
