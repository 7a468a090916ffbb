import {
  createHmac,
  createSecretKey,
  generateKeyPairSync,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';
import { beforeEach, describe, expect, it } from 'vitest';
import { SigningKeyRingService } from '../../application/services/signing-key-ring.service.js';
import { resolveAuthOptions } from '../../module/auth/auth.options-resolver.js';
import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import type { AccessTokenClaims } from '../../domain/ports/access-token-signer.js';
import { ManualClock } from '../clock/manual.clock.js';
import { MemorySigningKeyRepository } from '../persistence/memory/memory-signing-key.repository.js';
import { AccessTokenCodec } from '../../application/services/access-token-codec.service.js';
import { JwtAccessTokenSigner } from './jwt-access-token.signer.js';
import { NodeSigningKeyMaterial } from './node-signing-key.material.js';
import { respelledSignatures } from '../../../test/support/jws-respellings.js';

const SECRET = 'signer-spec-secret-0123456789abcdef-0123456789';
const NOW = new Date('2026-01-01T00:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const TTL = 900;
const TOLERANCE = 5;

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

/** Signs `input` by hand as `alg` would, so any header can be forged over any key. */
function signatureOf(alg: string, input: string, key: KeyObject): string {
  const data = Buffer.from(input);
  switch (alg) {
    case 'HS256':
      return createHmac('sha256', key).update(input).digest('base64url');
    case 'HS384':
      return createHmac('sha384', key).update(input).digest('base64url');
    case 'EdDSA':
      return cryptoSign(null, data, key).toString('base64url');
    case 'ES256':
      return cryptoSign('sha256', data, {
        key,
        dsaEncoding: 'ieee-p1363',
      }).toString('base64url');
    default:
      return '';
  }
}

function createSigner(algorithm: SigningAlgorithm, secret = SECRET) {
  const resolved = resolveAuthOptions({
    secret,
    issuer: 'tokenward-spec',
    audience: 'spec-api',
    accessTokenTtlSeconds: TTL,
    clockToleranceSeconds: TOLERANCE,
    signing: { algorithm },
  });
  const clock = new ManualClock(NOW);
  const material = new NodeSigningKeyMaterial(resolved.secret);
  const repository = new MemorySigningKeyRepository();
  const keys = new SigningKeyRingService(
    resolved.config,
    clock,
    repository,
    material,
  );
  // Through the codec, as the application uses it: the ring resolves the key named by `kid`.
  const signer = new AccessTokenCodec(
    new JwtAccessTokenSigner(resolved.config, material),
    keys,
  );
  return { signer, keys, material, repository, clock };
}

describe.each<SigningAlgorithm>(['HS256', 'EdDSA', 'ES256'])(
  'JwtAccessTokenSigner with %s keys',
  (algorithm) => {
    let kit: ReturnType<typeof createSigner>;
    let signer: AccessTokenCodec;
    let kid: string;
    let signingKey: KeyObject;
    let verification: KeyObject;

    beforeEach(async () => {
      kit = createSigner(algorithm);
      signer = kit.signer;
      const active = await kit.keys.active();
      kid = active.kid;
      ({ signingKey, verificationKey: verification } =
        kit.material.open(active));
    });

    const header = (extra: Record<string, unknown> = {}) => ({
      alg: algorithm,
      typ: 'at+jwt',
      kid,
      ...extra,
    });

    /** A compact JWS by hand: any header, any payload, signed as `alg` says with `key`. */
    function forge(
      head: Record<string, unknown>,
      payload: Record<string, unknown>,
      key: KeyObject = signingKey,
    ): string {
      const input = `${b64(head)}.${b64(payload)}`;
      return `${input}.${signatureOf(String(head.alg), input, key)}`;
    }

    /**
     * A key `alg` can sign with: the HMAC algorithms get this key's own verification bytes (the
     * classic algorithm-confusion attack), the asymmetric ones a fresh key of their type.
     */
    function keyFor(alg: string): KeyObject {
      if (alg.startsWith('HS')) {
        return verification.type === 'secret'
          ? verification
          : createSecretKey(
              verification.export({ format: 'der', type: 'spki' }),
            );
      }
      return alg === 'EdDSA'
        ? generateKeyPairSync('ed25519').privateKey
        : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    }

    async function expectInvalid(token: string, now = NOW): Promise<void> {
      await expect(signer.verify(token, now)).rejects.toThrow(
        InvalidTokenError,
      );
      expectRefusedNow(token, InvalidTokenError, now);
    }

    /**
     * The guard's synchronous path (`verifyNow`) refuses the token with the same error, or leaves
     * it to `verify` (an EdDSA key, a `kid` this instance does not hold): it never accepts it.
     */
    function expectRefusedNow(
      token: string,
      error: typeof InvalidTokenError | typeof TokenExpiredError,
      now = NOW,
    ): void {
      let answer: AccessTokenClaims | undefined;
      try {
        answer = signer.verifyNow(token, now);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(error);
        return;
      }
      expect(answer, 'verifyNow accepted a token verify refuses').toBe(
        undefined,
      );
    }

    it('round-trips: verify returns exactly the claims sign reported', async () => {
      const { token, claims } = await signer.sign(subject, NOW);
      expect(claims).toEqual(validClaims());
      expect(await signer.verify(token, NOW)).toEqual(claims);
    });

    it(`verifyNow ${algorithm === 'EdDSA' ? 'leaves the token to verify (jose is asynchronous)' : 'answers synchronously with the same claims as verify'}`, async () => {
      const { token, claims } = await signer.sign(subject, NOW);
      expect(signer.verifyNow(token, NOW)).toEqual(
        algorithm === 'EdDSA' ? undefined : claims,
      );
    });

    it(`signs with ${algorithm}, typ at+jwt and the active key's kid`, async () => {
      const { token } = await signer.sign(subject, NOW);
      const decoded = jsonwebtoken.decode(token, { complete: true });
      expect(decoded?.header).toEqual({ alg: algorithm, typ: 'at+jwt', kid });
    });

    it('accepts a token forged correctly by hand (the forging helper is sound)', async () => {
      expect(await signer.verify(forge(header(), validClaims()), NOW)).toEqual(
        validClaims(),
      );
    });

    it('reads non-ASCII claims, and payloads short and long alike, one token after another', async () => {
      const names = ['Zoë', 'Ωmega', 'x'.repeat(6000), '東京', 'a'];
      for (const name of names) {
        const claims = { ...validClaims(), preferred_username: name };
        const token = forge(header(), claims);
        expect((await signer.verify(token, NOW)).username).toBe(name);
        if (algorithm !== 'EdDSA')
          expect(signer.verifyNow(token, NOW)?.username).toBe(name);
      }
    });

    it('accepts the media-type form application/at+jwt', async () => {
      const token = forge(header({ typ: 'application/at+jwt' }), validClaims());
      expect((await signer.verify(token, NOW)).sub).toBe('user-1');
    });

    it('rejects alg none', async () => {
      await expectInvalid(forge(header({ alg: 'none' }), validClaims()));
    });

    // RFC 7515 §4.1.11: Tokenward understands no JWS extension, so any crit is a refusal, with
    // the same verdict whichever library verifies this algorithm (jsonwebtoken ignores crit).
    it.each([
      ['an unknown extension', { crit: ['x-tenant'], 'x-tenant': 'acme' }],
      ['an extension jose implements (b64)', { crit: ['b64'], b64: true }],
      ['a registered parameter', { crit: ['exp'] }],
      ['an empty list', { crit: [] }],
      ['a string', { crit: 'x-tenant' }],
    ])(
      'rejects a correctly signed token with a crit header naming %s',
      async (_label, extra) => {
        await expectInvalid(forge(header(extra), validClaims()));
      },
    );

    it('rejects a token without kid, with an unknown kid, or with a non-string kid', async () => {
      await expectInvalid(forge(header({ kid: undefined }), validClaims()));
      await expectInvalid(forge(header({ kid: 'no-such-key' }), validClaims()));
      await expectInvalid(forge(header({ kid: 42 }), validClaims()));
    });

    it('rejects a token signed by a key of another deployment (another secret)', async () => {
      const other = createSigner(
        algorithm,
        'another-secret-0123456789abcdef-0123456789abc',
      );
      const { token } = await other.signer.sign(subject, NOW);
      await expectInvalid(token);
      // Even under this deployment's kid, the other key's signature does not verify.
      const otherKey = other.material.open(await other.keys.active());
      await expectInvalid(forge(header(), validClaims(), otherKey.signingKey));
    });

    it('rejects a token signed with the raw master secret', async () => {
      const token = jsonwebtoken.sign(validClaims(), SECRET, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', kid },
      });
      await expectInvalid(token);
    });

    it('pins the algorithm to the key: another alg in the header is refused', async () => {
      const others = ['HS256', 'HS384', 'EdDSA', 'ES256'].filter(
        (alg) => alg !== algorithm,
      );
      for (const alg of others) {
        await expectInvalid(forge(header({ alg }), validClaims(), keyFor(alg)));
      }
    });

    it('rejects a tampered payload', async () => {
      const { token } = await signer.sign({ ...subject, roles: ['user'] }, NOW);
      const [head, , signature] = token.split('.');
      const escalated = `${head}.${b64({ ...validClaims(), roles: ['user', 'admin'] })}.${signature}`;
      await expectInvalid(escalated);
    });

    it.each([
      ['a plain JWT', 'JWT'],
      ['an ID token type', 'id+jwt'],
      ['a missing typ', undefined],
    ])('rejects %s header', async (_label, typ) => {
      await expectInvalid(forge(header({ typ }), validClaims()));
    });

    it('rejects another issuer', async () => {
      await expectInvalid(
        forge(header(), { ...validClaims(), iss: 'someone-else' }),
      );
    });

    it('rejects another audience', async () => {
      await expectInvalid(
        forge(header(), { ...validClaims(), aud: 'other-api' }),
      );
    });

    it('accepts nbf up to the tolerance ahead and refuses it beyond, or non-numeric', async () => {
      const withNbf = (nbf: unknown) =>
        forge(header(), { ...validClaims(), nbf });
      expect((await signer.verify(withNbf(NOW_S + TOLERANCE), NOW)).sub).toBe(
        'user-1',
      );
      await expectInvalid(withNbf(NOW_S + TOLERANCE + 1));
      await expectInvalid(withNbf(String(NOW_S)));
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
    ])('rejects a token without %s', async (claim) => {
      const claims = validClaims();
      delete claims[claim];
      await expectInvalid(forge(header(), claims));
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
    ])('rejects %s', async (_label, change) => {
      await expectInvalid(forge(header(), { ...validClaims(), ...change }));
    });

    it('rejects an expired token with TokenExpiredError, past the clock tolerance', async () => {
      const { token } = await signer.sign(subject, NOW);
      const expiry = (NOW_S + TTL) * 1000;
      expect(
        (await signer.verify(token, new Date(expiry + (TOLERANCE - 1) * 1000)))
          .sub,
      ).toBe('user-1');
      await expect(
        signer.verify(token, new Date(expiry + TOLERANCE * 1000)),
      ).rejects.toThrow(TokenExpiredError);
      expectRefusedNow(
        token,
        TokenExpiredError,
        new Date(expiry + TOLERANCE * 1000),
      );
    });

    it('rejects a token issued in the future beyond the tolerance', async () => {
      const inFuture = (seconds: number) =>
        forge(header(), {
          ...validClaims(),
          iat: NOW_S + seconds,
          exp: NOW_S + seconds + TTL,
        });
      expect((await signer.verify(inFuture(TOLERANCE), NOW)).sub).toBe(
        'user-1',
      );
      await expectInvalid(inFuture(TOLERANCE + 1));
    });

    it('rejects garbage', async () => {
      await expectInvalid('not-a-jwt');
      await expectInvalid('');
      await expectInvalid('a.b.c');
    });

    it('rejects a valid token with a segment added, removed or emptied', async () => {
      const { token } = await signer.sign(subject, NOW);
      const [head, payload, signature] = token.split('.') as [
        string,
        string,
        string,
      ];
      await expectInvalid(`${token}.`);
      await expectInvalid(`${token}.${signature}`);
      await expectInvalid(`${head}.${payload}`);
      await expectInvalid(`${head}..${signature}`);
      await expectInvalid(`${head}.${payload}.`);
      await expectInvalid(`.${payload}.${signature}`);
    });

    it('rejects its signature in any other encoding of the same bytes, or with characters around it', async () => {
      const { token } = await signer.sign(subject, NOW);
      for (const respelled of respelledSignatures(token))
        await expectInvalid(respelled);
    });

    it('rejects a token whose payload carries a character outside base64url, signed or not', async () => {
      const { token } = await signer.sign(subject, NOW);
      const [head, payload] = token.split('.') as [string, string];
      for (const odd of ['\u0141', '\u00e9', '=', '+', '\ud800']) {
        const changed = `${head}.${payload.slice(0, 10)}${odd}${payload.slice(10)}`;
        // With the original signature, and re-signed over the odd input by someone holding the
        // key in another encoding than ours (latin1 bytes of the same string).
        await expectInvalid(`${changed}.${token.split('.')[2]}`);
      }
    });

    it('after a rotation signs with the new key and still verifies tokens of the old one', async () => {
      const before = await signer.sign(subject, NOW);
      await kit.keys.rotate({ revokePrevious: false });
      const after = await signer.sign(subject, NOW);
      const kidOf = (token: string) =>
        jsonwebtoken.decode(token, { complete: true })?.header.kid;
      expect(kidOf(after.token)).not.toBe(kid);
      expect((await signer.verify(before.token, NOW)).jti).toBe('jti-1');
      expect((await signer.verify(after.token, NOW)).jti).toBe('jti-1');
    });

    it('stops verifying tokens of a revoked key at once', async () => {
      const before = await signer.sign(subject, NOW);
      await kit.keys.rotate({ revokePrevious: true });
      await expectInvalid(before.token);
      const after = await signer.sign(subject, NOW);
      expect((await signer.verify(after.token, NOW)).sub).toBe('user-1');
    });
  },
);

describe.each<SigningAlgorithm>(['HS256', 'EdDSA', 'ES256'])(
  'JwtAccessTokenSigner on its own (%s): the key it is given, nothing else',
  (algorithm) => {
    const resolved = resolveAuthOptions({
      secret: SECRET,
      accessTokenTtlSeconds: TTL,
      clockToleranceSeconds: TOLERANCE,
      signing: { algorithm },
    });
    const material = new NodeSigningKeyMaterial(resolved.secret);
    const signer = new JwtAccessTokenSigner(resolved.config, material);

    it('verifies with the key it signed with and refuses another key of the same algorithm', async () => {
      const key = material.generate(algorithm, NOW);
      const other = material.generate(algorithm, NOW);
      const { token, claims } = await signer.sign(subject, key, NOW);
      expect(signer.keyIdOf(token)).toBe(key.kid);
      expect(await signer.verify(token, key, NOW)).toEqual(claims);
      await expect(signer.verify(token, other, NOW)).rejects.toThrow(
        InvalidTokenError,
      );
    });

    it('answers a token whose key is gone as expired only when its own exp is past', async () => {
      const key = material.generate(algorithm, NOW);
      const { token } = await signer.sign(subject, key, NOW);
      expect(signer.refusalWithoutKey(token, NOW)).toBeInstanceOf(
        InvalidTokenError,
      );
      const past = new Date(NOW.getTime() + (TTL + TOLERANCE) * 1000);
      expect(signer.refusalWithoutKey(token, past)).toBeInstanceOf(
        TokenExpiredError,
      );
    });
  },
);
