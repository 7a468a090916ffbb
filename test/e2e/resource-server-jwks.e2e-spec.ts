// A real auth app (AuthModule, `signing.algorithm` EdDSA or ES256) and a resource app
// (TokenwardResourceServerModule in JWKS mode, `jwksUrl` = the auth app's
// /auth/.well-known/jwks.json) on loopback, on the wall clock, as two services would run.
// Documented bounds (docs/architecture/resource-server.md): a new signing key works at once (an
// unknown `kid` causes one refetch, at most once per `cooldownMs`); a withdrawn key is refused
// after `cacheMaxAgeMs` (the next fetch); with the auth app down, keys still fresh keep verifying
// and once a fetch is needed the answer is 503 `auth_service_unavailable`. Bounds are polled with
// generous timeouts, never timed tightly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtHeader,
  jwtPayload,
} from '../support/http-assertions.js';
import { newSigningKey, signAccessToken } from '../support/jwks-stub.js';
import {
  originOf,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';

type Algorithm = 'HS256' | 'EdDSA' | 'ES256';

const KEY_CACHE_MAX_AGE_MS = 500;
const COOLDOWN_MS = 100;
/** The documented bound for a withdrawn key (`cacheMaxAgeMs`) plus generous slack. */
const WITHIN_KEY_CACHE_AGE = {
  timeout: KEY_CACHE_MAX_AGE_MS + 4500,
  interval: 50,
};

const ADAPTERS: AdapterName[] = ['express', 'fastify'];
const VARIANTS = ADAPTERS.flatMap((adapter) =>
  (['EdDSA', 'ES256'] as const).map(
    (algorithm) => [adapter, algorithm] as [AdapterName, Algorithm],
  ),
);

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

async function startListeningAuthApp(
  adapter: AdapterName,
  algorithm: Algorithm,
): Promise<FixtureApp> {
  const auth = await startFixtureApp({
    adapter,
    realClock: true,
    options: { signing: { algorithm } },
  });
  await auth.app.listen(0, '127.0.0.1');
  return auth;
}

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

const kidOf = (token: string) => jwtHeader(token).kid as string;

describe.each(VARIANTS)(
  'resource server on the auth app’s JWKS (%s, %s)',
  (adapter, algorithm) => {
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startListeningAuthApp(adapter, algorithm);
      resource = await jwksResourceApp(adapter, auth);
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    const orders = (token: string) =>
      resource.http.get('/orders').set(...bearer(token));
    const ordersStatus = (token: string) => async () =>
      (await orders(token)).status;
    const rotateKeys = (adminToken: string, body: object = {}) =>
      auth.http
        .post('/auth/admin/rotations/keys')
        .set(...bearer(adminToken))
        .send(body)
        .expect(201);
    /**
     * An unknown `kid` is refetched at most once per `cooldownMs` after the last fetch (the
     * documented rule); waiting that long makes "at once" independent of earlier requests.
     */
    const pastCooldown = () => sleep(COOLDOWN_MS + 50);

    it('a token of the auth app opens a guarded route: id and roles from the token, verified locally', async () => {
      const s = await registerAndLogin(auth);
      const claims = jwtPayload(s.accessToken);
      expect(jwtHeader(s.accessToken).alg).toBe(algorithm);

      const res = await orders(s.accessToken);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: s.userId,
        username: '',
        email: '',
        roles: ['user'],
        session_id: claims.sid,
        token_id: claims.jti,
        global_version: claims.gv,
        user_version: claims.uv,
        expires_at: claims.exp,
      });
    });

    it('@Roles on the resource app: 403 for a user, 200 for an admin of the auth app', async () => {
      const user = await registerAndLogin(auth);
      const admin = await adminLogin(auth);

      expectError(
        await resource.http
          .get('/orders/admin')
          .set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );
      await resource.http
        .get('/orders/admin')
        .set(...bearer(admin.accessToken))
        .expect(200, { ok: true });
    });

    it('no token: 401 authentication_required; a tampered token or another key under the active kid: 401 invalid_token', async () => {
      const s = await registerAndLogin(auth);
      const [h, , sig] = s.accessToken.split('.');
      const claims = jwtPayload(s.accessToken);
      const elevated = Buffer.from(
        JSON.stringify({ ...claims, roles: ['admin'] }),
      ).toString('base64url');
      const impostor = await signAccessToken(
        await newSigningKey(
          algorithm as 'EdDSA' | 'ES256',
          kidOf(s.accessToken),
        ),
        { iss: 'tokenward', aud: 'tokenward', roles: ['admin'] },
      );

      expectUnauthorized(
        await resource.http.get('/orders'),
        'authentication_required',
      );
      expectUnauthorized(
        await orders(`${h}.${elevated}.${sig}`),
        'invalid_token',
      );
      expectUnauthorized(
        await resource.http.get('/orders/admin').set(...bearer(impostor)),
        'invalid_token',
      );
      await orders(s.accessToken).expect(200);
    });

    it('after a key rotation on the auth app: tokens under the new kid work at once, earlier tokens still work', async () => {
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
);

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
      auth = await startListeningAuthApp(adapter, algorithm);
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
      auth = await startListeningAuthApp(adapter, 'HS256');
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
