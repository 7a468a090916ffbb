// Issue 4, "Tokens": forged and malformed access tokens and Authorization headers through HTTP.
// Every forged token below carries the claims of a real, live session, so the one thing changed
// (algorithm, key, header, a claim) is the only reason it can be refused; the first test proves
// that the same forging done right is accepted.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectUnauthorized,
  jwtHeader,
  jwtPayload,
} from '../support/http-assertions.js';
import {
  derivedKey,
  forgeJwt as forgeRawJwt,
  type Signature,
} from '../support/security.js';

/** The `kid` of the fixture app's active signing key, read from the last live token. */
let liveKid = '';
const AT = { alg: 'HS256', typ: 'at+jwt' };
/** The right key: HS256 keys are derived from the secret and the key's `kid`. */
const RIGHT: Signature = {
  hmac: 'sha256',
  get key() {
    return derivedKey(`access-token/${liveKid}`);
  },
};

/** Forges like `forgeJwt`, naming the live signing key unless the header names another `kid`. */
function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature: Signature,
): string {
  return forgeRawJwt(
    'kid' in header ? header : { ...header, kid: liveKid },
    payload,
    signature,
  );
}
// One attacker key pair for the whole file: generating RSA keys is slow.
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

type Claims = Record<string, unknown>;

/** A live session's token, its claims, and "now" in seconds by the fixture's clock. */
async function liveToken(
  f: FixtureApp,
): Promise<{ token: string; claims: Claims; now: number }> {
  const s = await registerAndLogin(f);
  liveKid = String(jwtHeader(s.accessToken).kid);
  return {
    token: s.accessToken,
    claims: jwtPayload(s.accessToken),
    now: Math.floor(f.clock.now().getTime() / 1000),
  };
}

const without = (claims: Claims, name: string): Claims => {
  const copy = { ...claims };
  delete copy[name];
  return copy;
};

type Forgery = [
  name: string,
  forge: (live: { token: string; claims: Claims; now: number }) => string,
  code: 'invalid_token' | 'token_expired',
];

const REQUIRED_CLAIMS = [
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
];

const forgeries: Forgery[] = [
  // Algorithm and key (RFC 8725 §2.1, §3.1).
  [
    'alg "none" keeping the original signature',
    ({ token, claims }) =>
      forgeJwt({ alg: 'none', typ: 'at+jwt' }, claims, {
        raw: token.split('.')[2] as string,
      }),
    'invalid_token',
  ],
  [
    'alg "NONE" in upper case, unsigned',
    ({ claims }) =>
      forgeJwt({ alg: 'NONE', typ: 'at+jwt' }, claims, { raw: '' }),
    'invalid_token',
  ],
  [
    'RS256 signed with an attacker’s key pair',
    ({ claims }) =>
      forgeJwt({ alg: 'RS256', typ: 'at+jwt' }, claims, {
        rsa: attacker.privateKey,
      }),
    'invalid_token',
  ],
  [
    'HS256 with the attacker’s PEM public key as the HMAC secret (RS/HS confusion)',
    ({ claims }) =>
      forgeJwt(AT, claims, {
        hmac: 'sha256',
        key: attacker.publicKey.export({ type: 'spki', format: 'pem' }),
      }),
    'invalid_token',
  ],
  [
    'the right key but a "crit" header (RFC 7515 §4.1.11: no extension is understood)',
    ({ claims }) =>
      forgeJwt(
        { ...AT, crit: ['x-tenant'], 'x-tenant': 'acme' },
        claims,
        RIGHT,
      ),
    'invalid_token',
  ],
  [
    'RS256 carrying its own public key as an embedded "jwk" header',
    ({ claims }) =>
      forgeJwt(
        {
          alg: 'RS256',
          typ: 'at+jwt',
          jwk: attacker.publicKey.export({ format: 'jwk' }),
        },
        claims,
        { rsa: attacker.privateKey },
      ),
    'invalid_token',
  ],
  [
    'HS256 pointing at another key with "kid" and "jku", signed with that key',
    ({ claims }) =>
      forgeJwt(
        {
          ...AT,
          kid: '../../../dev/null',
          jku: 'https://attacker.example/jwks.json',
        },
        claims,
        { hmac: 'sha256', key: '' },
      ),
    'invalid_token',
  ],
  [
    'HS384 with the right derived key (algorithm pinned)',
    ({ claims }) =>
      forgeJwt({ alg: 'HS384', typ: 'at+jwt' }, claims, {
        hmac: 'sha384',
        key: RIGHT.key,
      }),
    'invalid_token',
  ],
  [
    'HS512 with the right derived key (algorithm pinned)',
    ({ claims }) =>
      forgeJwt({ alg: 'HS512', typ: 'at+jwt' }, claims, {
        hmac: 'sha512',
        key: RIGHT.key,
      }),
    'invalid_token',
  ],
  [
    're-signed with another random 256-bit key',
    ({ claims }) =>
      forgeJwt(AT, claims, { hmac: 'sha256', key: randomBytes(32) }),
    'invalid_token',
  ],
  [
    'signed with the key derived for another purpose (tokenward/password-reset)',
    ({ claims }) =>
      forgeJwt(AT, claims, {
        hmac: 'sha256',
        key: derivedKey('password-reset'),
      }),
    'invalid_token',
  ],
  [
    'signed with the access-token key of another master secret',
    ({ claims }) =>
      forgeJwt(AT, claims, {
        hmac: 'sha256',
        key: derivedKey('access-token', 'another-deployment-secret-0123456789'),
      }),
    'invalid_token',
  ],
  [
    'only two segments',
    ({ token }) => token.split('.').slice(0, 2).join('.'),
    'invalid_token',
  ],
  // Header type (RFC 9068 §2.1, RFC 8725 §3.11).
  [
    'typ "JWT"',
    ({ claims }) => forgeJwt({ alg: 'HS256', typ: 'JWT' }, claims, RIGHT),
    'invalid_token',
  ],
  [
    'no typ',
    ({ claims }) => forgeJwt({ alg: 'HS256' }, claims, RIGHT),
    'invalid_token',
  ],
  [
    'typ of another token kind ("rt+jwt")',
    ({ claims }) => forgeJwt({ alg: 'HS256', typ: 'rt+jwt' }, claims, RIGHT),
    'invalid_token',
  ],
  // Issuer and audience.
  [
    'another issuer',
    ({ claims }) =>
      forgeJwt(AT, { ...claims, iss: 'https://evil.example' }, RIGHT),
    'invalid_token',
  ],
  [
    'another audience',
    ({ claims }) => forgeJwt(AT, { ...claims, aud: 'other-api' }, RIGHT),
    'invalid_token',
  ],
  [
    'the audience inside an array with another one',
    ({ claims }) =>
      forgeJwt(AT, { ...claims, aud: ['other-api', claims.aud] }, RIGHT),
    'invalid_token',
  ],
  // Each required claim missing.
  ...REQUIRED_CLAIMS.map((name): Forgery => [
    `no "${name}" claim`,
    ({ claims }) => forgeJwt(AT, without(claims, name), RIGHT),
    'invalid_token',
  ]),
  // Claims of the wrong type.
  [
    'a non-numeric exp ("exp" as a string)',
    ({ claims }) => forgeJwt(AT, { ...claims, exp: String(claims.exp) }, RIGHT),
    'invalid_token',
  ],
  [
    'exp null',
    ({ claims }) => forgeJwt(AT, { ...claims, exp: null }, RIGHT),
    'invalid_token',
  ],
  [
    'a fractional exp',
    ({ claims }) =>
      forgeJwt(AT, { ...claims, exp: (claims.exp as number) + 0.5 }, RIGHT),
    'invalid_token',
  ],
  [
    'an exp beyond any safe integer',
    ({ claims }) => forgeJwt(AT, { ...claims, exp: 1e300 }, RIGHT),
    'invalid_token',
  ],
  [
    'a version claim as a string ("uv": "1")',
    ({ claims }) => forgeJwt(AT, { ...claims, uv: String(claims.uv) }, RIGHT),
    'invalid_token',
  ],
  [
    'roles as a string',
    ({ claims }) => forgeJwt(AT, { ...claims, roles: 'admin' }, RIGHT),
    'invalid_token',
  ],
  // Time claims.
  [
    'exp in the past (beyond the 5 s tolerance)',
    ({ claims, now }) =>
      forgeJwt(AT, { ...claims, iat: now - 960, exp: now - 60 }, RIGHT),
    'token_expired',
  ],
  [
    'nbf 60 s in the future',
    ({ claims, now }) => forgeJwt(AT, { ...claims, nbf: now + 60 }, RIGHT),
    'invalid_token',
  ],
  [
    'iat 60 s in the future',
    ({ claims, now }) =>
      forgeJwt(AT, { ...claims, iat: now + 60, exp: now + 960 }, RIGHT),
    'invalid_token',
  ],
];

describe.each(['express', 'fastify'] as const)(
  'security: forged access tokens (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    describe.each([
      ['GET /auth/me (module route)', '/auth/me'],
      ['GET /hello (host route)', '/hello'],
    ])('%s', (_name, path) => {
      it('accepts the same forging done right: the right derived key, HS256, at+jwt (the helper is sound)', async () => {
        const live = await liveToken(f);
        const token = forgeJwt(AT, live.claims, RIGHT);

        await f.http
          .get(path)
          .set(...bearer(token))
          .expect(200);
        // Also with a fresh jti, so it is not the very token the server issued.
        await f.http
          .get(path)
          .set(
            ...bearer(
              forgeJwt(AT, { ...live.claims, jti: 'forged-jti' }, RIGHT),
            ),
          )
          .expect(200);
      });

      it.each(forgeries)(
        '401 for a token with %s',
        async (_label, forge, code) => {
          const live = await liveToken(f);

          const res = await f.http.get(path).set(...bearer(forge(live)));

          expectUnauthorized(res, code);
          expect(res.headers['www-authenticate']).toContain(
            'error="invalid_token"',
          );
          // The session behind the claims is live: only the forgery was refused.
          await f.http
            .get(path)
            .set(...bearer(live.token))
            .expect(200);
        },
      );

      if (path === '/auth/me') {
        // A well-signed token whose subject is no user (defence in depth if the key ever leaked):
        // the guard decides from the signed token alone (issue 17), a route that reads the user
        // refuses it.
        it('401 invalid_token for a well-signed token whose subject is no user', async () => {
          const live = await liveToken(f);
          const forged = forgeJwt(
            AT,
            { ...live.claims, sub: '00000000-0000-4000-8000-000000000000' },
            RIGHT,
          );

          expectUnauthorized(
            await f.http.get(path).set(...bearer(forged)),
            'invalid_token',
          );
        });
      }

      it('accepts nbf and iat up to the 5 s clock tolerance in the future, as documented', async () => {
        const { claims, now } = await liveToken(f);

        await f.http
          .get(path)
          .set(...bearer(forgeJwt(AT, { ...claims, nbf: now + 4 }, RIGHT)))
          .expect(200);
        await f.http
          .get(path)
          .set(
            ...bearer(
              forgeJwt(AT, { ...claims, iat: now + 4, exp: now + 904 }, RIGHT),
            ),
          )
          .expect(200);
      });
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'security: Authorization header handling (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    const guarded = ['/auth/me', '/hello'] as const;

    it.each(guarded)(
      '%s: a 64 KiB Authorization header is refused with a 4xx, never a 5xx',
      async (path) => {
        const s = await registerAndLogin(f);
        const huge = `Bearer ${s.accessToken}${'A'.repeat(64 * 1024)}`;

        const res = await f.http.get(path).set('Authorization', huge);

        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.text).not.toContain('    at ');
      },
    );

    it('a 64 KiB Authorization header on a public route (login) is a 4xx as well', async () => {
      const res = await f.http
        .post('/auth/login')
        .set('Authorization', `Bearer ${'A'.repeat(64 * 1024)}`)
        .send({ username: 'someone', password: 'password123' });

      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });

    it.each(guarded)(
      '%s: a correctly signed token padded to 9 KiB (over the 8 KiB cap, under the server’s header limit) is 401 invalid_token; at 7 KiB it is accepted',
      async (path) => {
        const { claims } = await liveToken(f);
        const padded = (bytes: number) =>
          forgeJwt(AT, { ...claims, pad: 'p'.repeat(bytes) }, RIGHT);

        const small = `Bearer ${padded(5 * 1024)}`;
        expect(small.length).toBeGreaterThan(7 * 1024);
        expect(small.length).toBeLessThan(8 * 1024);
        await f.http.get(path).set('Authorization', small).expect(200);
        const res = await f.http.get(path).set(...bearer(padded(7 * 1024)));

        expect(`Bearer ${padded(7 * 1024)}`.length).toBeGreaterThan(9 * 1024);
        expectUnauthorized(res, 'invalid_token');
      },
    );

    it.each(guarded)(
      '%s: several Bearer values in one header are 401 invalid_token, even when each is valid',
      async (path) => {
        const s = await registerAndLogin(f);

        for (const header of [
          `Bearer ${s.accessToken}, Bearer ${s.accessToken}`,
          `Bearer ${s.accessToken},${s.accessToken}`,
          `Bearer ${s.accessToken} Bearer ${s.accessToken}`,
        ]) {
          const res = await f.http.get(path).set('Authorization', header);
          expectUnauthorized(res, 'invalid_token');
        }
      },
    );

    it.each(guarded)(
      '%s: two Authorization header lines: only the first one is read (Node drops duplicates), on both adapters',
      async (path) => {
        const s = await registerAndLogin(f);
        const lines = (...values: string[]) =>
          f.http.get(path).set('Authorization', values as unknown as string);

        // A garbage first line is never rescued by a valid second one.
        expectUnauthorized(
          await lines('Bearer x.y.z', `Bearer ${s.accessToken}`),
          'invalid_token',
        );
        expectUnauthorized(
          await lines('Basic abc', `Bearer ${s.accessToken}`),
          'authentication_required',
        );
        // A valid first line authenticates as its own user, whatever follows.
        const other = await registerAndLogin(f);
        const res = await lines(
          `Bearer ${s.accessToken}`,
          `Bearer ${other.accessToken}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.id ?? res.body.user_id).toBe(s.userId);
      },
    );

    it.each(guarded)(
      '%s: the scheme is case-insensitive (RFC 6750): "bearer" and "BEARER" are accepted',
      async (path) => {
        const s = await registerAndLogin(f);

        for (const scheme of ['bearer', 'BEARER']) {
          await f.http
            .get(path)
            .set('Authorization', `${scheme} ${s.accessToken}`)
            .expect(200);
        }
      },
    );

    it.each(guarded)(
      '%s: any scheme other than Bearer is 401 authentication_required, with the token itself valid',
      async (path) => {
        const s = await registerAndLogin(f);

        for (const scheme of ['Token', 'JWT', 'Digest', 'Bearer-Token', 'X']) {
          const res = await f.http
            .get(path)
            .set('Authorization', `${scheme} ${s.accessToken}`);
          expectUnauthorized(res, 'authentication_required');
        }
      },
    );

    it.each(guarded)(
      '%s: a tab instead of the space after the scheme is 401 invalid_token',
      async (path) => {
        const s = await registerAndLogin(f);

        const res = await f.http
          .get(path)
          .set('Authorization', `Bearer\t${s.accessToken}`);

        expectUnauthorized(res, 'invalid_token');
      },
    );
  },
);
