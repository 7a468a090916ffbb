// The resource-server contract (resource-server-contract.ts) in introspection mode, and what only
// introspection sees: a change made on the auth app (role grant, logout, per-user and global
// rotation) reaches the resource app within `cacheTtlMs` plus the auth app's own revocation bound
// (0 here: one auth instance). Bounds are polled with a generous timeout, not timed.
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';
import { originOf } from '../support/resource-app.js';
import {
  TokenwardConfigError,
  TokenwardResourceServerModule,
} from '../support/tokenward.js';
import { describeResourceServerContract } from './resource-server-contract.js';

const CACHE_TTL_MS = 200;
const WITHIN_BOUND = { timeout: 5000, interval: 50 };

describeResourceServerContract({
  name: 'introspection mode',
  verification: (auth) => ({
    mode: 'introspection',
    introspectionUrl: `${originOf(auth.app)}/auth/introspect`,
    clientId: INTROSPECTION_CLIENT.clientId,
    clientSecret: INTROSPECTION_CLIENT.clientSecret,
    cacheTtlMs: CACHE_TTL_MS,
    timeoutMs: 1000,
  }),
  seesUserDetails: true,
  outageBound: WITHIN_BOUND,
  cases: (run) => {
    it('a role granted on the auth app applies on the resource app within the bound', async () => {
      const { auth, resource } = run();
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
      const { auth, orders, ordersStatus } = run();
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
      const { auth, orders, ordersStatus } = run();
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
      const { auth, orders, ordersStatus } = run();
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
  },
});

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
