// The resource-server contract (resource-server-contract.ts) in JWKS mode against a real auth app
// (`signing.algorithm` EdDSA or ES256; `jwksUrl` = its /auth/.well-known/jwks.json) on loopback, on
// the wall clock, as two services would run, and what only JWKS mode has. Documented bounds
// (docs/architecture/resource-server.md): a new signing key works at once (an unknown `kid` causes
// one refetch, at most once per `cooldownMs`); a withdrawn key is refused after `cacheMaxAgeMs` (the
// next fetch); with the auth app down, keys still fresh keep verifying and once a fetch is needed
// the answer is 503 `auth_service_unavailable`. The same against a stub that publishes keys and
// signs tokens in the auth app's format, for tokens the auth app would never issue. Bounds are
// polled with generous timeouts, never timed tightly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtHeader,
} from '../support/http-assertions.js';
import {
  newSigningKey,
  signAccessToken,
  startJwksStub,
  STUB_AUDIENCE,
  STUB_ISSUER,
  type JwksStub,
  type SigningKey,
} from '../support/jwks-stub.js';
import {
  originOf,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';
import {
  describeResourceServerContract,
  kidOf,
  startListeningAuthApp,
} from './resource-server-contract.js';

type Algorithm = 'HS256' | 'EdDSA' | 'ES256';

const KEY_CACHE_MAX_AGE_MS = 500;
const COOLDOWN_MS = 100;
/** The documented bound for a withdrawn key (`cacheMaxAgeMs`) plus generous slack. */
const WITHIN_KEY_CACHE_AGE = {
  timeout: KEY_CACHE_MAX_AGE_MS + 4500,
  interval: 50,
};
const WITHIN_BOUND = { timeout: 5000, interval: 50 };

const ADAPTERS: AdapterName[] = ['express', 'fastify'];

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

function jwksResourceApp(
  adapter: AdapterName,
  auth: FixtureApp,
  cacheMaxAgeMs = KEY_CACHE_MAX_AGE_MS,
): Promise<ResourceApp> {
  return startResourceApp(adapter, {
    issuer: 'tokenward',
    audience: 'tokenward',
    verification: {
      mode: 'jwks',
      jwksUrl: `${originOf(auth.app)}/auth/.well-known/jwks.json`,
      cacheMaxAgeMs,
      cooldownMs: COOLDOWN_MS,
      timeoutMs: 1000,
    },
  });
}

/**
 * An unknown `kid` is refetched at most once per `cooldownMs` after the last fetch (the documented
 * rule); waiting that long makes "at once" independent of earlier requests.
 */
const pastCooldown = () => sleep(COOLDOWN_MS + 50);

for (const algorithm of ['EdDSA', 'ES256'] as const) {
  describeResourceServerContract({
    name: `JWKS mode on the auth app's ${algorithm} keys`,
    authOptions: { signing: { algorithm } },
    verification: (auth) => ({
      mode: 'jwks',
      jwksUrl: `${originOf(auth.app)}/auth/.well-known/jwks.json`,
      cacheMaxAgeMs: KEY_CACHE_MAX_AGE_MS,
      cooldownMs: COOLDOWN_MS,
      timeoutMs: 1000,
    }),
    seesUserDetails: true,
    outageBound: WITHIN_KEY_CACHE_AGE,
    cases: (run) => {
      const rotateKeys = (adminToken: string, body: object = {}) =>
        run()
          .auth.http.post('/auth/admin/rotations/keys')
          .set(...bearer(adminToken))
          .send(body)
          .expect(201);

      it('signs with the configured algorithm, verified locally', async () => {
        const s = await registerAndLogin(run().auth);
        expect(jwtHeader(s.accessToken).alg).toBe(algorithm);
        await run().orders(s.accessToken).expect(200);
      });

      it('after a key rotation on the auth app: tokens under the new kid work at once, earlier tokens still work', async () => {
        const { auth, resource, orders } = run();
        const before = await registerAndLogin(auth);
        const admin = await adminLogin(auth);
        await orders(before.accessToken).expect(200);

        const rotation = await rotateKeys(admin.accessToken, {
          reason: 'resource-server jwks e2e',
        });
        const after = await registerAndLogin(auth);
        const newAdmin = await adminLogin(auth);
        expect(kidOf(after.accessToken)).toBe(rotation.body.kid);
        expect(kidOf(before.accessToken)).toBe(rotation.body.previous_kid);
        await pastCooldown();

        // No waiting for the key cache to age: the unknown kid makes the resource app refetch.
        await orders(after.accessToken).expect(200);
        await resource.http
          .get('/orders/admin')
          .set(...bearer(newAdmin.accessToken))
          .expect(200);
        await orders(before.accessToken).expect(200);
        await resource.http
          .get('/orders/admin')
          .set(...bearer(admin.accessToken))
          .expect(200);
      });

      it('after a rotation with revoke_previous_keys: earlier tokens are refused within cacheMaxAgeMs, refreshed ones work', async () => {
        const { auth, resource, orders, ordersStatus } = run();
        const s = await registerAndLogin(auth);
        const admin = await adminLogin(auth);
        await orders(s.accessToken).expect(200);

        const rotation = await rotateKeys(admin.accessToken, {
          revoke_previous_keys: true,
          reason: 'key leaked',
        });
        expect(rotation.body.revoked_kids).toContain(kidOf(s.accessToken));
        // The auth app itself refuses it at once.
        expectUnauthorized(
          await auth.http.get('/auth/me').set(...bearer(s.accessToken)),
          'invalid_token',
        );

        await expect
          .poll(ordersStatus(s.accessToken), WITHIN_KEY_CACHE_AGE)
          .toBe(401);
        expectUnauthorized(await orders(s.accessToken), 'invalid_token');
        expectUnauthorized(
          await resource.http
            .get('/orders/admin')
            .set(...bearer(admin.accessToken)),
          'invalid_token',
        );

        const refreshed = await auth.http
          .post('/auth/refresh')
          .send({ refresh_token: s.refreshToken })
          .expect(200);
        expect(kidOf(refreshed.body.access_token)).toBe(rotation.body.kid);
        await pastCooldown();
        await orders(refreshed.body.access_token).expect(200);
      });
    },
  });
}

describe.each([
  ['express', 'EdDSA'],
  ['fastify', 'ES256'],
] as [AdapterName, Algorithm][])(
  'resource server on the auth app’s JWKS, auth app stopped (%s, %s)',
  (adapter, algorithm) => {
    // Long enough that the steps between the first fetch and the checks that rely on fresh keys
    // (stopping the auth app, a few requests) fit in it on a slow machine.
    const LONG_CACHE_MAX_AGE_MS = 5000;
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startListeningAuthApp(adapter, {
        signing: { algorithm },
      });
      resource = await jwksResourceApp(adapter, auth, LONG_CACHE_MAX_AGE_MS);
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    it('a new key works at once even while the cached set is fresh (the unknown kid is fetched)', async () => {
      const before = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      // Fetches the set; it stays fresh for LONG_CACHE_MAX_AGE_MS.
      await resource.http
        .get('/orders')
        .set(...bearer(before.accessToken))
        .expect(200);

      const rotation = await auth.http
        .post('/auth/admin/rotations/keys')
        .set(...bearer(admin.accessToken))
        .send({})
        .expect(201);
      const after = await registerAndLogin(auth);
      expect(kidOf(after.accessToken)).toBe(rotation.body.kid);
      await sleep(COOLDOWN_MS + 50);

      await resource.http
        .get('/orders')
        .set(...bearer(after.accessToken))
        .expect(200);
      await resource.http
        .get('/orders')
        .set(...bearer(before.accessToken))
        .expect(200);
    });

    it('keys still fresh: known-kid tokens keep verifying, seen before or not; once a fetch is needed: 503 with Retry-After', async () => {
      const seen = await registerAndLogin(auth);
      const unseen = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      const orders = (token: string) =>
        resource.http.get('/orders').set(...bearer(token));
      // The key set was fetched moments ago (by the test before, for the new kid): it is fresh.
      await orders(seen.accessToken).expect(200);

      await auth.close();

      await orders(seen.accessToken).expect(200);
      await orders(unseen.accessToken).expect(200);
      await resource.http
        .get('/orders/admin')
        .set(...bearer(admin.accessToken))
        .expect(200);
      // A kid the cached set lacks needs a fetch at once: the auth app's outage, not the token's fault.
      await sleep(COOLDOWN_MS + 50);
      const unknownKid = await signAccessToken(
        await newSigningKey(algorithm as 'EdDSA' | 'ES256'),
        { iss: 'tokenward', aud: 'tokenward' },
      );
      expectError(await orders(unknownKid), 503, 'auth_service_unavailable');
      await orders(seen.accessToken).expect(200);

      // Once the keys are older than cacheMaxAgeMs they must be fetched again, for remembered
      // tokens too.
      await expect
        .poll(async () => (await orders(seen.accessToken)).status, {
          timeout: LONG_CACHE_MAX_AGE_MS + 5000,
          interval: 100,
        })
        .toBe(503);
      const res = await orders(unseen.accessToken);
      expectError(res, 503, 'auth_service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.headers['www-authenticate']).toBeUndefined();
    });
  },
);

describe.each(ADAPTERS)(
  'resource server in JWKS mode, auth app signing with HS256 (%s)',
  (adapter) => {
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startListeningAuthApp(adapter, {
        signing: { algorithm: 'HS256' },
      });
      resource = await jwksResourceApp(adapter, auth);
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    it('its tokens are refused with 401 invalid_token, never a 500 or a grant; it publishes no key', async () => {
      const s = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      expect(jwtHeader(s.accessToken).alg).toBe('HS256');
      await auth.http
        .get('/auth/.well-known/jwks.json')
        .expect(200, { keys: [] });
      // The token is good on the auth app itself.
      await auth.http
        .get('/auth/me')
        .set(...bearer(s.accessToken))
        .expect(200);

      expectUnauthorized(
        await resource.http.get('/orders').set(...bearer(s.accessToken)),
        'invalid_token',
      );
      expectUnauthorized(
        await resource.http
          .get('/orders/admin')
          .set(...bearer(admin.accessToken)),
        'invalid_token',
      );
    });
  },
);

// Against a stub: tokens the auth app would never issue, and a key set that stops answering.
const STUB_KEY_CACHE_MAX_AGE_MS = 300;

/** A resource app on the stub's key set (`async`: built with `forRootAsync`). */
function stubResourceApp(
  adapter: AdapterName,
  stub: JwksStub,
  async = false,
): Promise<ResourceApp> {
  return startResourceApp(
    adapter,
    {
      issuer: STUB_ISSUER,
      audience: STUB_AUDIENCE,
      verification: {
        mode: 'jwks',
        jwksUrl: stub.jwksUrl,
        cacheMaxAgeMs: STUB_KEY_CACHE_MAX_AGE_MS,
        cooldownMs: 0,
        timeoutMs: 1000,
      },
    },
    { async },
  );
}

describe.each(ADAPTERS)(
  'resource server, JWKS mode on a stub key set (%s)',
  (adapter) => {
    let stub: JwksStub;
    let resource: ResourceApp;
    let current: SigningKey;

    beforeAll(async () => {
      current = await newSigningKey('EdDSA');
      stub = await startJwksStub([current]);
      resource = await stubResourceApp(adapter, stub, true);
    });

    afterAll(async () => {
      await resource?.close();
      await stub?.close();
    });

    const orders = (token: string) =>
      resource.http.get('/orders').set(...bearer(token));

    it('signing-key rotation: a token under a newly published kid works at once', async () => {
      const next = await newSigningKey('ES256');
      stub.published = [current, next];

      await orders(await signAccessToken(next)).expect(200);
      current = next;
    });

    it('a withdrawn signing key is refused within cacheMaxAgeMs, with invalid_token', async () => {
      const withdrawn = current;
      const next = await newSigningKey('EdDSA');
      stub.published = [withdrawn, next];
      const token = await signAccessToken(withdrawn);
      await orders(token).expect(200);

      stub.published = [next];
      current = next;

      await expect
        .poll(async () => (await orders(token)).status, WITHIN_BOUND)
        .toBe(401);
      expectUnauthorized(await orders(token), 'invalid_token');
      await orders(await signAccessToken(next)).expect(200);
    });

    it.each([
      [
        'an expired token',
        'token_expired',
        () => {
          const now = Math.floor(Date.now() / 1000);
          return { iat: now - 900, exp: now - 60 };
        },
      ],
      ['another audience', 'invalid_token', () => ({ aud: 'another-api' })],
      ['another issuer', 'invalid_token', () => ({ iss: 'https://evil.test' })],
      ['no session id', 'invalid_token', () => ({ sid: undefined })],
    ])('refuses %s: 401 %s', async (_name, code, claims) => {
      expectUnauthorized(
        await orders(await signAccessToken(current, claims())),
        code,
      );
    });

    it('refuses a key the set never had', async () => {
      expectUnauthorized(
        await orders(await signAccessToken(await newSigningKey())),
        'invalid_token',
      );
    });
  },
);

describe.each(ADAPTERS)(
  'resource server, JWKS mode, key set unreachable (%s)',
  (adapter) => {
    let stub: JwksStub;
    let resource: ResourceApp;
    let key: SigningKey;

    beforeAll(async () => {
      key = await newSigningKey('ES256');
      stub = await startJwksStub([key]);
      resource = await stubResourceApp(adapter, stub);
    });

    afterAll(async () => {
      await resource?.close();
      await stub?.close();
    });

    it('fresh keys keep working; once a fetch is needed: 503 auth_service_unavailable with Retry-After', async () => {
      const token = await signAccessToken(key);
      const orders = () => resource.http.get('/orders').set(...bearer(token));
      await orders().expect(200);

      await stub.close();
      // An unknown kid needs a fetch at once; the known one once the keys are stale.
      const unknown = await resource.http
        .get('/orders')
        .set(...bearer(await signAccessToken(await newSigningKey())));
      expectError(unknown, 503, 'auth_service_unavailable');

      await expect
        .poll(async () => (await orders()).status, WITHIN_BOUND)
        .toBe(503);
      const res = await orders();
      expectError(res, 503, 'auth_service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });
  },
);
