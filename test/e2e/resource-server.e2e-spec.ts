import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtPayload,
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
  skipStatusProbe,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';
import {
  TokenwardConfigError,
  TokenwardResourceServerModule,
} from '../support/tokenward.js';

// An auth app (AuthModule) and a resource app (TokenwardResourceServerModule, no user data) on
// loopback, as separate services would run. The documented bound for a change on the auth app to
// reach the resource app in introspection mode is `cacheTtlMs` plus the auth app's own revocation
// bound (0 here: one auth instance); in JWKS mode a withdrawn signing key is refused after
// `cacheMaxAgeMs`. Both are polled with a generous timeout, not timed.
const CACHE_TTL_MS = 200;
const KEY_CACHE_MAX_AGE_MS = 300;
const WITHIN_BOUND = { timeout: 5000, interval: 50 };

const ADAPTERS: AdapterName[] = ['express', 'fastify'];

async function startListeningAuthApp(
  adapter: AdapterName,
): Promise<FixtureApp> {
  const auth = await startFixtureApp({ adapter, realClock: true });
  await auth.app.listen(0, '127.0.0.1');
  return auth;
}

function introspectionResourceApp(
  adapter: AdapterName,
  auth: FixtureApp,
): Promise<ResourceApp> {
  return startResourceApp(adapter, {
    issuer: 'tokenward',
    audience: 'tokenward',
    verification: {
      mode: 'introspection',
      introspectionUrl: `${originOf(auth.app)}/auth/introspect`,
      clientId: INTROSPECTION_CLIENT.clientId,
      clientSecret: INTROSPECTION_CLIENT.clientSecret,
      cacheTtlMs: CACHE_TTL_MS,
      timeoutMs: 1000,
    },
    shouldSkipAuthentication: skipStatusProbe,
  });
}

describe.each(ADAPTERS)(
  'resource server, introspection mode (%s)',
  (adapter) => {
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startListeningAuthApp(adapter);
      resource = await introspectionResourceApp(adapter, auth);
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    const orders = (token: string) =>
      resource.http.get('/orders').set(...bearer(token));
    const ordersStatus = (token: string) => async () =>
      (await orders(token)).status;

    it('a token from the auth app opens a guarded route, with the user as the auth app knows it', async () => {
      const s = await registerAndLogin(auth);
      const claims = jwtPayload(s.accessToken);

      const res = await orders(s.accessToken);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: s.userId,
        username: s.credentials.username,
        email: s.credentials.email,
        roles: ['user'],
        session_id: claims.sid,
        token_id: claims.jti,
        global_version: claims.gv,
        user_version: claims.uv,
        expires_at: claims.exp,
      });
    });

    it('no token: 401 authentication_required; a forged or foreign token: 401 invalid_token', async () => {
      const s = await registerAndLogin(auth);
      const [h, p] = s.accessToken.split('.');

      expectUnauthorized(
        await resource.http.get('/orders'),
        'authentication_required',
      );
      expectUnauthorized(
        await orders(`${h}.${p}.${'A'.repeat(43)}`),
        'invalid_token',
      );
      expectUnauthorized(await orders('garbage'), 'invalid_token');
    });

    it('@Roles on the resource app: 403 for a user, 200 for an admin', async () => {
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

    it('a role granted on the auth app applies on the resource app within the bound', async () => {
      const s = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      const adminRoute = async () =>
        (await resource.http.get('/orders/admin').set(...bearer(s.accessToken)))
          .status;
      expect(await adminRoute()).toBe(403);

      await auth.http
        .patch(`/auth/admin/users/${s.userId}`)
        .set(...bearer(admin.accessToken))
        .send({ roles: ['admin', 'user'] })
        .expect(200);

      await expect.poll(adminRoute, WITHIN_BOUND).toBe(200);
    });

    it('logout on the auth app: the token is refused within the bound', async () => {
      const s = await registerAndLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      expectUnauthorized(await orders(s.accessToken), 'invalid_token');
    });

    it('per-user rotation on the auth app: the user’s tokens are refused within the bound, others’ are not', async () => {
      const s = await registerAndLogin(auth);
      const bystander = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post(`/auth/admin/users/${s.userId}/rotations`)
        .set(...bearer(admin.accessToken))
        .send({})
        .expect(201);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      await orders(bystander.accessToken).expect(200);
    });

    it('global rotation with grace 0 on the auth app: earlier tokens are refused within the bound, new ones work', async () => {
      const s = await registerAndLogin(auth);
      const admin = await adminLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken))
        .send({ grace_period_seconds: 0, reason: 'resource-server e2e' })
        .expect(201);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      await expect
        .poll(ordersStatus(admin.accessToken), WITHIN_BOUND)
        .toBe(401);
      const after = await registerAndLogin(auth);
      await orders(after.accessToken).expect(200);
    });

    it('shouldSkipAuthentication lets GET /status through without a token, query string or not', async () => {
      await resource.http.get('/status').expect(200, { ok: true });
      await resource.http.get('/status?verbose=1').expect(200, { ok: true });
      expectUnauthorized(
        await resource.http.post('/status'),
        'authentication_required',
      );
      expectUnauthorized(
        await resource.http.get('/orders'),
        'authentication_required',
      );
    });

    it('@Public() routes need no token', async () => {
      await resource.http.get('/open').expect(200, { ok: true });
    });
  },
);

describe.each(ADAPTERS)(
  'resource server, introspection mode, auth app down (%s)',
  (adapter) => {
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startListeningAuthApp(adapter);
      resource = await introspectionResourceApp(adapter, auth);
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    it('503 auth_service_unavailable with Retry-After once the auth app is stopped; open routes still answer', async () => {
      const s = await registerAndLogin(auth);
      const orders = () =>
        resource.http.get('/orders').set(...bearer(s.accessToken));
      await orders().expect(200);

      await auth.close();

      await expect
        .poll(async () => (await orders()).status, WITHIN_BOUND)
        .toBe(503);
      const res = await orders();
      expectError(res, 503, 'auth_service_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.headers['www-authenticate']).toBeUndefined();
      await resource.http.get('/status').expect(200);
      await resource.http.get('/open').expect(200);
    });
  },
);

describe.each(ADAPTERS)('resource server, JWKS mode (%s)', (adapter) => {
  let stub: JwksStub;
  let resource: ResourceApp;
  let current: SigningKey;

  beforeAll(async () => {
    current = await newSigningKey('EdDSA');
    stub = await startJwksStub([current]);
    resource = await startResourceApp(
      adapter,
      {
        issuer: STUB_ISSUER,
        audience: STUB_AUDIENCE,
        verification: {
          mode: 'jwks',
          jwksUrl: stub.jwksUrl,
          cacheMaxAgeMs: KEY_CACHE_MAX_AGE_MS,
          cooldownMs: 0,
          timeoutMs: 1000,
        },
        shouldSkipAuthentication: skipStatusProbe,
      },
      { async: true },
    );
  });

  afterAll(async () => {
    await resource?.close();
    await stub?.close();
  });

  const orders = (token: string) =>
    resource.http.get('/orders').set(...bearer(token));

  it('a token signed with a published key opens a guarded route: id and roles from the token, no username or email', async () => {
    const token = await signAccessToken(current, {
      sub: 'user-42',
      sid: 'session-42',
      gv: 2,
      uv: 3,
    });

    const res = await orders(token);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user_id: 'user-42',
      username: '',
      email: '',
      roles: ['user'],
      session_id: 'session-42',
      global_version: 2,
      user_version: 3,
    });
  });

  it('@Roles uses the token’s roles', async () => {
    const admin = await signAccessToken(current, { roles: ['admin'] });
    const user = await signAccessToken(current);

    await resource.http
      .get('/orders/admin')
      .set(...bearer(admin))
      .expect(200);
    expectError(
      await resource.http.get('/orders/admin').set(...bearer(user)),
      403,
      'insufficient_role',
    );
  });

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

  it('shouldSkipAuthentication and @Public() work the same', async () => {
    await resource.http.get('/status').expect(200);
    await resource.http.get('/open').expect(200);
    expectUnauthorized(
      await resource.http.get('/orders'),
      'authentication_required',
    );
  });
});

describe.each(ADAPTERS)(
  'resource server, JWKS mode, key set unreachable (%s)',
  (adapter) => {
    let stub: JwksStub;
    let resource: ResourceApp;
    let key: SigningKey;

    beforeAll(async () => {
      key = await newSigningKey('ES256');
      stub = await startJwksStub([key]);
      resource = await startResourceApp(adapter, {
        issuer: STUB_ISSUER,
        audience: STUB_AUDIENCE,
        verification: {
          mode: 'jwks',
          jwksUrl: stub.jwksUrl,
          cacheMaxAgeMs: KEY_CACHE_MAX_AGE_MS,
          cooldownMs: 0,
          timeoutMs: 1000,
        },
      });
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

describe('resource-server module start-up', () => {
  it('refuses unusable options with TokenwardConfigError listing the problems', async () => {
    const error = await Test.createTestingModule({
      imports: [
        TokenwardResourceServerModule.forRoot({
          issuer: 'tokenward',
          audience: '',
          verification: {
            mode: 'introspection',
            introspectionUrl: 'not a url',
            clientId: 'billing',
            clientSecret: 'short',
          },
        }),
      ],
    })
      .compile()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TokenwardConfigError);
    expect((error as TokenwardConfigError).problems).toEqual([
      expect.stringMatching(/^audience is required/),
      'verification.introspectionUrl must be an absolute http(s) URL',
      'verification.clientSecret must be a string of at least 32 bytes (the auth app refuses shorter ones)',
    ]);
  });
});
