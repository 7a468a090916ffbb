// Issue 11, item 9: the NestJS docs register `JwtAuthGuard` as `APP_GUARD` and mark open routes
// `@Public()`. A host doing that (and registering `RolesGuard` globally too) still reaches every
// open Tokenward route, while the others and its own routes stay protected.
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectPublicUser,
  expectUnauthorized,
} from '../support/http-assertions.js';

describe.each(ADAPTERS_AND_STORES)(
  'JwtAuthGuard and RolesGuard as APP_GUARD (%s, %s storage)',
  (adapter, storage) => {
    const f = useFixtureApp({ adapter, storage, globalGuards: true });

    it('register, login and refresh work without a token', async () => {
      const credentials = newUser('global');

      const registered = await f.http.post('/auth/register').send(credentials);
      expect(registered.status).toBe(201);
      expectPublicUser(registered.body, registered);

      const login = await f.http.post('/auth/login').send({
        username: credentials.username,
        password: credentials.password,
      });
      expect(login.status).toBe(200);
      expect(typeof login.body.access_token).toBe('string');

      const refreshed = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: login.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    });

    it('the login and refresh errors are their own, not a bearer challenge', async () => {
      const login = await f.http
        .post('/auth/login')
        .send({ username: 'nobody-here', password: 'wrong password' });
      expectError(login, 401, 'invalid_credentials');

      const refresh = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: 'not-a-refresh-token' });
      expectError(refresh, 401, 'invalid_token');
    });

    it('the JWK Set is served without a token', async () => {
      const res = await f.http.get('/auth/.well-known/jwks.json');

      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.keys)).toBe(true);
    });

    it('introspection authenticates its client instead of a bearer token', async () => {
      const user = await registerAndLogin(f, 'global');

      const res = await f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: user.accessToken });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: true, sub: user.userId });

      // No client credentials: the client guard's 401, not JwtAuthGuard's.
      expectUnauthorized(
        await f.http.post('/auth/introspect').send({ token: user.accessToken }),
        'invalid_client',
        'Basic',
      );
      // A user's bearer token is no client credential.
      expectUnauthorized(
        await f.http
          .post('/auth/introspect')
          .set(...bearer(user.accessToken))
          .send({ token: user.accessToken }),
        'invalid_client',
        'Basic',
      );
    });

    it("Tokenward's bearer routes still need a token, and its admin routes the admin role", async () => {
      for (const [method, path] of [
        ['get', '/auth/me'],
        ['post', '/auth/logout'],
        ['post', '/auth/logout-all'],
        ['get', '/auth/admin/users'],
        ['get', '/auth/admin/rotations/global'],
      ] as const) {
        expectUnauthorized(
          await f.http[method](path),
          'authentication_required',
        );
      }
      const user = await registerAndLogin(f, 'global');
      const me = await f.http.get('/auth/me').set(...bearer(user.accessToken));
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.userId);
      expectError(
        await f.http.get('/auth/admin/users').set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );
      const admin = await adminLogin(f);
      await f.http
        .get('/auth/admin/users')
        .set(...bearer(admin.accessToken))
        .expect(200);
    });

    it('host routes without guards of their own are protected by the global guards', async () => {
      expectUnauthorized(
        await f.http.get('/global/hello'),
        'authentication_required',
      );
      expectUnauthorized(
        await f.http.get('/global/hello').set(...bearer('garbage')),
        'invalid_token',
      );
      expectUnauthorized(
        await f.http.get('/global/admin'),
        'authentication_required',
      );
      await f.http.get('/global/open').expect(200, { ok: true });

      const user = await registerAndLogin(f, 'global');
      await f.http
        .get('/global/hello')
        .set(...bearer(user.accessToken))
        .expect(200, { username: user.credentials.username });
      expectError(
        await f.http.get('/global/admin').set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );
      const admin = await adminLogin(f);
      await f.http
        .get('/global/admin')
        .set(...bearer(admin.accessToken))
        .expect(200, { ok: true });
    });

    it('host routes with their own guards behave as without the global ones', async () => {
      expectUnauthorized(await f.http.get('/hello'), 'authentication_required');
      await f.http.get('/open').expect(200, { ok: true });
      const user = await registerAndLogin(f, 'global');
      expectError(
        await f.http.get('/staff').set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );
      await f.http
        .get('/hello')
        .set(...bearer(user.accessToken))
        .expect(200);
    });
  },
);
