import { beforeEach, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtPayload,
} from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'admin: global token rotation (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    let admin: Awaited<ReturnType<typeof adminLogin>>;

    // Every test starts well past any grace window a previous test opened, with a fresh admin
    // whose token is at the current version.
    beforeEach(async () => {
      f.clock.advanceSeconds(86_400);
      admin = await adminLogin(f);
    });

    const rotate = (body: object = {}, token = admin.accessToken) =>
      f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(token))
        .send(body);
    const state = () =>
      f.http
        .get('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken));
    const me = (accessToken: string) =>
      f.http.get('/auth/me').set(...bearer(accessToken));
    const refresh = (token: string) =>
      f.http.post('/auth/refresh').send({ refresh_token: token });

    it('GET before any rotation: version 1, nothing previous', async () => {
      const res = await state();

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        version: 1,
        previous_version: null,
        rotated_at: null,
        grace_ends_at: null,
        reason: null,
      });
    });

    it('POST: 201 with the default 300 s grace; GET shows the new state', async () => {
      const before = (await state().expect(200)).body.version as number;
      const now = f.clock.now();

      const res = await rotate({ reason: 'key rollover' });

      expect(res.status).toBe(201);
      const graceEndsAt = new Date(now.getTime() + 300_000).toISOString();
      expect(res.body).toEqual({
        previous_version: before,
        new_version: before + 1,
        grace_period_seconds: 300,
        grace_ends_at: graceEndsAt,
      });
      const after = await state();
      expect(after.status).toBe(200);
      expect(after.body).toEqual({
        version: before + 1,
        previous_version: before,
        rotated_at: now.toISOString(),
        grace_ends_at: graceEndsAt,
        reason: 'key rollover',
      });
    });

    it('during grace: old-version tokens work and refresh re-issues at the new version', async () => {
      const user = await registerAndLogin(f);
      const rotation = await rotate().expect(201);
      const newVersion = rotation.body.new_version as number;
      expect(jwtPayload(user.accessToken).gv).toBe(
        rotation.body.previous_version,
      );

      f.clock.advanceSeconds(299);
      await me(user.accessToken).expect(200);
      await f.http
        .get('/hello')
        .set(...bearer(user.accessToken))
        .expect(200);
      const refreshed = await refresh(user.refreshToken);

      expect(refreshed.status).toBe(200);
      expect(jwtPayload(refreshed.body.access_token).gv).toBe(newVersion);
      // Past the grace window the re-issued pair keeps working; the old access token does not.
      f.clock.advanceSeconds(2);
      await me(refreshed.body.access_token).expect(200);
      await refresh(refreshed.body.refresh_token).expect(200);
      expectUnauthorized(await me(user.accessToken), 'token_version_rejected');
    });

    it('logins during grace issue tokens at the new version', async () => {
      const rotation = await rotate().expect(201);

      const user = await registerAndLogin(f);

      expect(jwtPayload(user.accessToken).gv).toBe(rotation.body.new_version);
      f.clock.advanceSeconds(301);
      await me(user.accessToken).expect(200);
    });

    it('after grace: old-version access token 401 token_version_rejected, refresh 401', async () => {
      const user = await registerAndLogin(f);
      await rotate().expect(201);

      f.clock.advanceSeconds(300);

      expectUnauthorized(await me(user.accessToken), 'token_version_rejected');
      expectUnauthorized(
        await f.http.get('/hello').set(...bearer(user.accessToken)),
        'token_version_rejected',
      );
      expectUnauthorized(
        await refresh(user.refreshToken),
        'token_version_rejected',
      );
      // The user can log in again and is back at the current version.
      const login = await f.http
        .post('/auth/login')
        .send({
          username: user.credentials.username,
          password: user.credentials.password,
        })
        .expect(200);
      await me(login.body.access_token).expect(200);
    });

    it('grace_period_seconds: 0 cuts the previous version off at once', async () => {
      const user = await registerAndLogin(f);

      const res = await rotate({ grace_period_seconds: 0 });

      expect(res.status).toBe(201);
      expect(res.body.grace_period_seconds).toBe(0);
      expect(res.body.grace_ends_at).toBe(f.clock.now().toISOString());
      expectUnauthorized(await me(user.accessToken), 'token_version_rejected');
      expectUnauthorized(
        await refresh(user.refreshToken),
        'token_version_rejected',
      );
      // The admin who rotated was cut off too.
      expectUnauthorized(await state(), 'token_version_rejected');
    });

    it('a custom grace_period_seconds is honoured', async () => {
      const user = await registerAndLogin(f);

      const res = await rotate({ grace_period_seconds: 600 });

      expect(res.status).toBe(201);
      expect(res.body.grace_period_seconds).toBe(600);
      f.clock.advanceSeconds(599);
      await me(user.accessToken).expect(200);
      f.clock.advanceSeconds(1);
      expectUnauthorized(await me(user.accessToken), 'token_version_rejected');
    });

    it('a second rotation inside the grace window cuts off the version before the previous one', async () => {
      const v1 = await registerAndLogin(f);
      const first = await rotate().expect(201);
      f.clock.advanceSeconds(60);
      const v2 = await registerAndLogin(f);
      expect(jwtPayload(v2.accessToken).gv).toBe(first.body.new_version);
      await me(v1.accessToken).expect(200);

      const second = await rotate().expect(201);

      expect(second.body.previous_version).toBe(first.body.new_version);
      expect(second.body.new_version).toBe(first.body.new_version + 1);
      // v1 is two versions old: rejected at once, although its own grace had 240 s left.
      expectUnauthorized(await me(v1.accessToken), 'token_version_rejected');
      expectUnauthorized(
        await refresh(v1.refreshToken),
        'token_version_rejected',
      );
      // v2 is the previous version now, inside the new grace window.
      await me(v2.accessToken).expect(200);
      const refreshed = await refresh(v2.refreshToken).expect(200);
      expect(jwtPayload(refreshed.body.access_token).gv).toBe(
        second.body.new_version,
      );
    });

    it('rotations are visible to introspection as well', async () => {
      const user = await registerAndLogin(f);
      await rotate({ grace_period_seconds: 0 }).expect(201);

      const res = await f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: user.accessToken });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ active: false });
    });

    it.each([
      ['a negative grace', { grace_period_seconds: -1 }],
      ['a fractional grace', { grace_period_seconds: 1.5 }],
      ['a string grace', { grace_period_seconds: '60' }],
      [
        'a grace longer than the refresh-token lifetime',
        { grace_period_seconds: 31 * 86_400 },
      ],
      ['a non-string reason', { reason: { $gt: '' } }],
      ['an unknown property', { version: 99 }],
    ])(
      '400 validation_failed for %s, and nothing rotates',
      async (_name, body) => {
        const before = (await state().expect(200)).body;

        expectError(await rotate(body), 400, 'validation_failed');

        expect((await state().expect(200)).body).toEqual(before);
      },
    );

    it('403 for a non-admin, 401 without a token; nothing rotates', async () => {
      const user = await registerAndLogin(f);
      const before = (await state().expect(200)).body;

      expectError(await rotate({}, user.accessToken), 403, 'insufficient_role');
      expectUnauthorized(
        await f.http.post('/auth/admin/rotations/global').send({}),
        'authentication_required',
      );
      expectError(
        await f.http
          .get('/auth/admin/rotations/global')
          .set(...bearer(user.accessToken)),
        403,
        'insufficient_role',
      );

      expect((await state().expect(200)).body).toEqual(before);
    });
  },
);
