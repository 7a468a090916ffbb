import { createHmac } from 'node:crypto';
import { exportJWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  newSigningKey,
  signAccessToken,
  startJwksStub,
  STUB_AUDIENCE,
  STUB_ISSUER,
  type JwksStub,
  type SigningKey,
} from '../../../test/support/jwks-stub.js';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import { ManualClock } from '../clock/manual.clock.js';
import { respelledSignatures } from '../../../test/support/jws-respellings.js';
import {
  JwksAccessTokenVerifier,
  type JwksVerifierSettings,
} from './jwks-access-token.verifier.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JwksAccessTokenVerifier', () => {
  let stub: JwksStub | undefined;
  let clock: ManualClock;

  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  async function setUp(
    keys: SigningKey[],
    settings: Partial<JwksVerifierSettings> = {},
  ): Promise<JwksAccessTokenVerifier> {
    stub = await startJwksStub(keys);
    clock = new ManualClock(new Date());
    return new JwksAccessTokenVerifier(
      {
        jwksUrl: new URL(stub.jwksUrl),
        issuer: STUB_ISSUER,
        audience: STUB_AUDIENCE,
        algorithms: ['EdDSA', 'ES256'],
        cacheMaxAgeMs: 60_000,
        cooldownMs: 1000,
        timeoutMs: 500,
        clockToleranceSeconds: 5,
        cacheMaxEntries: 100,
        ...settings,
      },
      clock,
    );
  }

  it.each(['EdDSA', 'ES256'] as const)(
    'accepts a %s token of a published key: its claims, and no username or email',
    async (alg) => {
      const key = await newSigningKey(alg);
      const verifier = await setUp([key]);
      const token = await signAccessToken(key, {
        sub: 'user-1',
        sid: 'session-1',
        jti: 'token-1',
        gv: 3,
        uv: 7,
        roles: ['admin', 'user'],
      });

      const verified = await verifier.verify(token);

      expect(verified).toMatchObject({
        sub: 'user-1',
        sid: 'session-1',
        jti: 'token-1',
        gv: 3,
        uv: 7,
        roles: ['admin', 'user'],
        username: null,
        email: null,
      });
      expect(verified.exp - verified.iat).toBe(900);
    },
  );

  it('reads preferred_username and email when the token carries them', async () => {
    const key = await newSigningKey('EdDSA');
    const verifier = await setUp([key]);
    const token = await signAccessToken(key, {
      preferred_username: 'alice',
      email: 'alice@example.test',
    });

    await expect(verifier.verify(token)).resolves.toMatchObject({
      username: 'alice',
      email: 'alice@example.test',
    });
  });

  it.each(['EdDSA', 'ES256'] as const)(
    'refuses a %s token whose signature is spelt another way (same bytes, other base64url)',
    async (alg) => {
      const key = await newSigningKey(alg);
      const verifier = await setUp([key]);
      const token = await signAccessToken(key);
      await expect(verifier.verify(token)).resolves.toBeDefined();
      for (const respelled of respelledSignatures(token))
        await expect(verifier.verify(respelled)).rejects.toThrow(
          InvalidTokenError,
        );
    },
  );

  it('fetches the key set once for many tokens and requests', async () => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);
    const tokens = await Promise.all([1, 2, 3].map(() => signAccessToken(key)));

    for (const token of [...tokens, ...tokens]) await verifier.verify(token);

    expect(stub!.fetches()).toBe(1);
  });

  it('an unknown kid causes one refetch: a key published since then is accepted', async () => {
    const old = await newSigningKey();
    const verifier = await setUp([old], { cooldownMs: 0 });
    await verifier.verify(await signAccessToken(old));
    const rotated = await newSigningKey('ES256');
    stub!.published = [old, rotated];

    await expect(
      verifier.verify(await signAccessToken(rotated)),
    ).resolves.toBeDefined();
    expect(stub!.fetches()).toBe(2);
  });

  it('a kid still unknown after the refetch is invalid_token; within the cooldown no further fetch', async () => {
    const key = await newSigningKey();
    const verifier = await setUp([key], { cooldownMs: 30_000 });
    const stranger = await newSigningKey();
    await verifier.verify(await signAccessToken(key));

    for (let i = 0; i < 5; i += 1) {
      await expect(
        verifier.verify(await signAccessToken(stranger)),
      ).rejects.toThrow(InvalidTokenError);
    }
    expect(stub!.fetches()).toBe(1);
  });

  it('refuses a token signed by another key under a published kid', async () => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);
    const impostor = { ...(await newSigningKey()), kid: key.kid };

    await expect(
      verifier.verify(await signAccessToken(impostor)),
    ).rejects.toThrow(InvalidTokenError);
  });

  it('refuses an algorithm outside the allow-list without fetching keys', async () => {
    const ed = await newSigningKey('EdDSA');
    const verifier = await setUp([ed], { algorithms: ['ES256'] });

    await expect(verifier.verify(await signAccessToken(ed))).rejects.toThrow(
      InvalidTokenError,
    );
    expect(stub!.fetches()).toBe(0);
  });

  it.each([
    ['HS256 (a symmetric algorithm)', 'HS256'],
    ['none', 'none'],
  ])('refuses alg %s', async (_name, alg) => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);
    const genuine = await signAccessToken(key);
    const header = Buffer.from(
      JSON.stringify({ alg, typ: 'at+jwt', kid: key.kid }),
    ).toString('base64url');
    const payload = genuine.split('.')[1];
    const signature =
      alg === 'none'
        ? ''
        : createHmac('sha256', JSON.stringify(key.jwk))
            .update(`${header}.${payload}`)
            .digest('base64url');

    await expect(
      verifier.verify(`${header}.${payload}.${signature}`),
    ).rejects.toThrow(InvalidTokenError);
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example.test' }, {}],
    ['a wrong audience', { aud: 'another-api' }, {}],
    ['a wrong typ', {}, { typ: 'JWT' }],
    ['no typ', {}, { typ: undefined }],
    ['no kid', {}, { kid: undefined }],
    ['no sid', { sid: undefined }, {}],
    ['no gv', { gv: undefined }, {}],
    ['no uv', { uv: undefined }, {}],
    ['no roles', { roles: undefined }, {}],
    ['no jti', { jti: undefined }, {}],
    ['no sub', { sub: undefined }, {}],
    ['roles not a list of strings', { roles: 'admin' }, {}],
    ['gv not an integer', { gv: '1' }, {}],
    ['iat in the future', { iat: Math.floor(Date.now() / 1000) + 600 }, {}],
  ])('refuses a token with %s', async (_name, claims, header) => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);

    await expect(
      verifier.verify(await signAccessToken(key, claims, header)),
    ).rejects.toThrow(InvalidTokenError);
  });

  it('accepts the media-type form of typ (application/at+jwt)', async () => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);

    await expect(
      verifier.verify(
        await signAccessToken(key, {}, { typ: 'application/at+jwt' }),
      ),
    ).resolves.toBeDefined();
  });

  it('refuses an expired token with token_expired, a remembered one too', async () => {
    const key = await newSigningKey();
    const verifier = await setUp([key]);
    const now = Math.floor(Date.now() / 1000);
    const expired = await signAccessToken(key, {
      iat: now - 900,
      exp: now - 10,
    });
    const shortLived = await signAccessToken(key, { exp: now + 60 });
    await verifier.verify(shortLived);

    await expect(verifier.verify(expired)).rejects.toThrow(TokenExpiredError);
    clock.advanceSeconds(60 + 5);
    await expect(verifier.verify(shortLived)).rejects.toThrow(
      TokenExpiredError,
    );
  });

  it.each(['EdDSA', 'ES256'] as const)(
    'refuses a %s token with a crit header (RFC 7515 §4.1.11), even one naming an extension jose implements',
    async (alg) => {
      const key = await newSigningKey(alg);
      const verifier = await setUp([key]);
      await verifier.verify(await signAccessToken(key));

      await expect(
        verifier.verify(
          await signAccessToken(key, {}, { crit: ['b64'], b64: true }),
        ),
      ).rejects.toThrow(InvalidTokenError);
    },
  );

  it('refuses garbage', async () => {
    const verifier = await setUp([await newSigningKey()]);

    await expect(verifier.verify('garbage')).rejects.toThrow(InvalidTokenError);
    await expect(verifier.verify('a.b.c')).rejects.toThrow(InvalidTokenError);
  });

  describe('when the JWKS endpoint cannot be reached', () => {
    it('keeps verifying with fresh keys: no fetch is needed', async () => {
      const key = await newSigningKey();
      const verifier = await setUp([key]);
      const seen = await signAccessToken(key);
      await verifier.verify(seen);
      await stub!.close();

      await expect(verifier.verify(seen)).resolves.toBeDefined();
      await expect(
        verifier.verify(await signAccessToken(key)),
      ).resolves.toBeDefined();
    });

    it('503 for an unknown kid that needs a fetch', async () => {
      const key = await newSigningKey();
      const verifier = await setUp([key], { cooldownMs: 0 });
      await verifier.verify(await signAccessToken(key));
      await stub!.close();

      const error = await verifier
        .verify(await signAccessToken(await newSigningKey()))
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(AuthServiceUnavailableError);
      expect((error as AuthServiceUnavailableError).retryAfterSeconds).toBe(1);
    });

    it('503 once the keys are older than cacheMaxAgeMs, remembered tokens included; back when it answers', async () => {
      const key = await newSigningKey();
      const verifier = await setUp([key], {
        cacheMaxAgeMs: 200,
        cooldownMs: 0,
      });
      const seen = await signAccessToken(key);
      await verifier.verify(seen);
      stub!.behaviour = 'error';
      await sleep(300);

      await expect(verifier.verify(seen)).rejects.toThrow(
        AuthServiceUnavailableError,
      );
      await expect(verifier.verify(await signAccessToken(key))).rejects.toThrow(
        AuthServiceUnavailableError,
      );

      stub!.behaviour = 'ok';
      await expect(verifier.verify(seen)).resolves.toBeDefined();
    });

    it.each([
      ['refused connections', 'closed'],
      ['a 503', 'error'],
      ['a body that is not JSON', 'not-json'],
      ['no answer within timeoutMs', 'hang'],
    ] as const)('503 on first use for %s', async (_name, behaviour) => {
      const key = await newSigningKey();
      const verifier = await setUp([key], { timeoutMs: 200 });
      if (behaviour === 'closed') await stub!.close();
      else stub!.behaviour = behaviour;

      await expect(verifier.verify(await signAccessToken(key))).rejects.toThrow(
        AuthServiceUnavailableError,
      );
    });

    it('503, not a verdict, for an answer that is not a key set', async () => {
      const key = await newSigningKey();
      const verifier = await setUp([key]);
      stub!.behaviour = 'not-a-set';

      await expect(verifier.verify(await signAccessToken(key))).rejects.toThrow(
        AuthServiceUnavailableError,
      );
    });

    it('503, not a verdict, for a set that publishes a private key', async () => {
      const key = await newSigningKey();
      const verifier = await setUp([key]);
      const privateJwk = await exportJWK(key.privateKey);
      stub!.published = [{ ...key, jwk: { ...key.jwk, d: privateJwk.d } }];

      await expect(verifier.verify(await signAccessToken(key))).rejects.toThrow(
        AuthServiceUnavailableError,
      );
    });
  });

  it('a key withdrawn from the set stops working at the next fetch, remembered tokens included', async () => {
    const withdrawn = await newSigningKey();
    const kept = await newSigningKey();
    const verifier = await setUp([withdrawn, kept], {
      cacheMaxAgeMs: 200,
      cooldownMs: 0,
    });
    const token = await signAccessToken(withdrawn);
    await verifier.verify(token);
    stub!.published = [kept];

    await expect(verifier.verify(token)).resolves.toBeDefined();
    await sleep(300);
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
    await expect(
      verifier.verify(await signAccessToken(kept)),
    ).resolves.toBeDefined();
  });
});
