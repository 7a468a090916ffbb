// Issue 14: sessions a user and an admin can see and end, the lifetimes that bound them, and a
// refresh that survives races — over both HTTP adapters and both stores.
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  adminLogin,
  bearer,
  newUser,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtPayload,
} from '../support/http-assertions.js';

const SESSION_KEYS = [
  'created_at',
  'current',
  'device_name',
  'expires_at',
  'id',
  'last_used_at',
  'last_used_ip',
  'last_used_user_agent',
  'login_ip',
  'login_user_agent',
].sort();

const LOOPBACK = /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/;

async function login(
  f: FixtureApp,
  credentials: { username: string; password: string },
  extra: { device_name?: string; userAgent?: string } = {},
): Promise<{ accessToken: string; refreshToken: string; sid: string }> {
  const req = f.http.post('/auth/login');
  if (extra.userAgent !== undefined) req.set('User-Agent', extra.userAgent);
  const res = await req
    .send({
      username: credentials.username,
      password: credentials.password,
      ...(extra.device_name === undefined
        ? {}
        : { device_name: extra.device_name }),
    })
    .expect(200);
  return {
    accessToken: res.body.access_token,
    refreshToken: res.body.refresh_token,
    sid: jwtPayload(res.body.access_token).sid as string,
  };
}

describe.each(ADAPTERS_AND_STORES)('sessions (%s, %s)', (adapter, storage) => {
  const f = useFixtureApp({
    adapter,
    storage,
    options: { sessionIdleTimeoutSeconds: 7 * 86_400 },
  });

  const list = (token: string) =>
    f.http.get('/auth/sessions').set(...bearer(token));
  const refresh = (token: string, userAgent = 'Refresher/1') =>
    f.http
      .post('/auth/refresh')
      .set('User-Agent', userAgent)
      .send({ refresh_token: token });
  const me = (token: string) => f.http.get('/auth/me').set(...bearer(token));

  describe('GET /auth/sessions', () => {
    it('lists the caller’s active sessions newest first, with where, when and which is current', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(5);
      const laptop = await login(f, s.credentials, {
        device_name: 'Work laptop',
        userAgent: 'Browser/1.0',
      });
      f.clock.advanceSeconds(5);
      const rotated = await refresh(laptop.refreshToken, 'Browser/1.1').expect(
        200,
      );

      const res = await list(laptop.accessToken).expect(200);

      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.sessions).toHaveLength(2);
      const [newest, oldest] = res.body.sessions;
      expect(Object.keys(newest).sort()).toEqual(SESSION_KEYS);
      expect(newest).toMatchObject({
        id: laptop.sid,
        current: true,
        device_name: 'Work laptop',
        login_user_agent: 'Browser/1.0',
        last_used_user_agent: 'Browser/1.1',
        last_used_at: f.clock.now().toISOString(),
      });
      expect(newest.login_ip).toMatch(LOOPBACK);
      expect(newest.last_used_ip).toMatch(LOOPBACK);
      expect(Date.parse(newest.created_at)).toBe(
        f.clock.now().getTime() - 5000,
      );
      expect(oldest).toMatchObject({
        id: jwtPayload(s.accessToken).sid,
        current: false,
        device_name: null,
      });
      // The same list, seen from the other session, marks that one current.
      const fromOther = await list(s.accessToken).expect(200);
      expect(
        fromOther.body.sessions.map((x: { current: boolean }) => x.current),
      ).toEqual([false, true]);
      // Nothing secret is in the list.
      expect(JSON.stringify(res.body)).not.toContain(
        rotated.body.refresh_token,
      );
    });

    it('a spoofed X-Forwarded-For is not taken while trust proxy is off', async () => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/refresh')
        .set('X-Forwarded-For', '203.0.113.7')
        .send({ refresh_token: s.refreshToken })
        .expect(200);
      const [session] = (await list(s.accessToken).expect(200)).body.sessions;
      expect(session.last_used_ip).toMatch(LOOPBACK);
    });

    it('leaves out ended sessions; other users see none of them', async () => {
      const s = await registerAndLogin(f);
      const second = await login(f, s.credentials);
      await f.http.post('/auth/logout').set(...bearer(second.accessToken));
      const other = await registerAndLogin(f);

      const mine = (await list(s.accessToken).expect(200)).body.sessions;
      expect(mine.map((x: { id: string }) => x.id)).toEqual([
        jwtPayload(s.accessToken).sid,
      ]);
      const theirs = (await list(other.accessToken).expect(200)).body.sessions;
      expect(theirs.map((x: { id: string }) => x.id)).toEqual([
        jwtPayload(other.accessToken).sid,
      ]);
    });

    it('400 for a device_name that is too long; 401 without a token', async () => {
      const s = await registerAndLogin(f);
      expectError(
        await f.http.post('/auth/login').send({
          username: s.credentials.username,
          password: s.credentials.password,
          device_name: 'x'.repeat(101),
        }),
        400,
        'validation_failed',
      );
      expectUnauthorized(
        await f.http.get('/auth/sessions'),
        'authentication_required',
      );
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    it('ends one of the caller’s sessions: its tokens stop at once, the others keep working', async () => {
      const s = await registerAndLogin(f);
      const phone = await login(f, s.credentials);

      await f.http
        .delete(`/auth/sessions/${phone.sid}`)
        .set(...bearer(s.accessToken))
        .expect(204);

      expectUnauthorized(await me(phone.accessToken), 'token_revoked');
      expectError(await refresh(phone.refreshToken), 401, 'token_revoked');
      await me(s.accessToken).expect(200);
      const left = (await list(s.accessToken).expect(200)).body.sessions;
      expect(left).toHaveLength(1);
    });

    it('404 session_not_found for another user’s session, an unknown, an ended and a malformed id', async () => {
      const s = await registerAndLogin(f);
      const other = await registerAndLogin(f);
      const ended = await login(f, s.credentials);
      await f.http
        .delete(`/auth/sessions/${ended.sid}`)
        .set(...bearer(s.accessToken))
        .expect(204);
      const otherSid = jwtPayload(other.accessToken).sid as string;

      for (const id of [
        otherSid,
        '2b0f6c1e-6f0a-4c7e-9d3e-3c1b2a4d5e6f',
        ended.sid,
        'not-a-uuid',
      ]) {
        expectError(
          await f.http
            .delete(`/auth/sessions/${id}`)
            .set(...bearer(s.accessToken)),
          404,
          'session_not_found',
        );
      }
      // The other user's session was not touched.
      await me(other.accessToken).expect(200);
    });

    it('ending the current session is a logout', async () => {
      const s = await registerAndLogin(f);
      await f.http
        .delete(`/auth/sessions/${jwtPayload(s.accessToken).sid}`)
        .set(...bearer(s.accessToken))
        .expect(204);
      expectUnauthorized(await me(s.accessToken), 'token_revoked');
    });
  });

  describe('POST /auth/sessions/revoke-others', () => {
    it('ends every session but the current one, and says how many', async () => {
      const s = await registerAndLogin(f);
      const a = await login(f, s.credentials);
      const b = await login(f, s.credentials);
      const other = await registerAndLogin(f);

      const res = await f.http
        .post('/auth/sessions/revoke-others')
        .set(...bearer(s.accessToken))
        .expect(200);

      expect(res.body).toEqual({
        message: 'Logged out of every other session',
        revoked_sessions: 2,
      });
      for (const gone of [a, b]) {
        expectUnauthorized(await me(gone.accessToken), 'token_revoked');
        expectError(await refresh(gone.refreshToken), 401, 'token_revoked');
      }
      await me(s.accessToken).expect(200);
      await refresh(s.refreshToken).expect(200);
      await me(other.accessToken).expect(200);
      expect(
        (await list(s.accessToken).expect(200)).body.sessions,
      ).toHaveLength(1);
    });
  });

  describe('admin', () => {
    it('lists a user’s sessions and ends one, both recorded in the audit trail', async () => {
      const admin = await adminLogin(f);
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(1);
      const second = await login(f, s.credentials, { device_name: 'Tablet' });

      const listed = await f.http
        .get(`/auth/admin/users/${s.userId}/sessions`)
        .set(...bearer(admin.accessToken))
        .expect(200);
      expect(
        listed.body.sessions.map((x: { id: string; current: boolean }) => [
          x.id,
          x.current,
        ]),
      ).toEqual([
        [second.sid, false],
        [jwtPayload(s.accessToken).sid, false],
      ]);

      await f.http
        .delete(`/auth/admin/users/${s.userId}/sessions/${second.sid}`)
        .set(...bearer(admin.accessToken))
        .set('X-Request-Id', 'end-tablet-1')
        .expect(204);

      expectUnauthorized(await me(second.accessToken), 'token_revoked');
      await me(s.accessToken).expect(200);
      const audit = await f.http
        .get('/auth/admin/audit?limit=1')
        .set(...bearer(admin.accessToken))
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        action: 'session_revoked',
        actor_id: admin.userId,
        subject_id: s.userId,
        reason: 'admin',
        request_id: 'end-tablet-1',
      });
      expect(JSON.stringify(audit.body.items[0])).toContain(second.sid);
    });

    it('404 for an unknown user, a session of another user, and 403 for a non-admin', async () => {
      const admin = await adminLogin(f);
      const s = await registerAndLogin(f);
      const other = await registerAndLogin(f);
      expectError(
        await f.http
          .get(
            '/auth/admin/users/2b0f6c1e-6f0a-4c7e-9d3e-3c1b2a4d5e6f/sessions',
          )
          .set(...bearer(admin.accessToken)),
        404,
        'user_not_found',
      );
      expectError(
        await f.http
          .delete(
            `/auth/admin/users/${s.userId}/sessions/${jwtPayload(other.accessToken).sid}`,
          )
          .set(...bearer(admin.accessToken)),
        404,
        'session_not_found',
      );
      await me(other.accessToken).expect(200);
      expectError(
        await f.http
          .get(`/auth/admin/users/${other.userId}/sessions`)
          .set(...bearer(s.accessToken)),
        403,
        'insufficient_role',
      );
    });
  });

  describe('refresh that survives races', () => {
    it('50 parallel refreshes of one token: all 200, one successor, one session', async () => {
      const s = await registerAndLogin(f);

      const results = await Promise.all(
        Array.from({ length: 50 }, () => refresh(s.refreshToken)),
      );

      expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(new Set(results.map((r) => r.body.refresh_token)).size).toBe(1);
      const sids = new Set(
        results.map((r) => jwtPayload(r.body.access_token).sid),
      );
      expect(sids).toEqual(new Set([jwtPayload(s.accessToken).sid]));
      for (const r of results.slice(0, 5))
        await me(r.body.access_token).expect(200);
      expect(
        (await list(s.accessToken).expect(200)).body.sessions,
      ).toHaveLength(1);
      await refresh(results[0]!.body.refresh_token).expect(200);
    });

    it('past refreshReuseIntervalSeconds a replay is reuse: the family is revoked', async () => {
      const s = await registerAndLogin(f);
      const rotated = await refresh(s.refreshToken).expect(200);
      f.clock.advanceSeconds(11);

      expectError(await refresh(s.refreshToken), 401, 'refresh_token_reused');
      expectError(
        await refresh(rotated.body.refresh_token),
        401,
        'token_revoked',
      );
      expectUnauthorized(await me(rotated.body.access_token), 'token_revoked');
    });
  });

  describe('lifetimes', () => {
    it('sessionIdleTimeoutSeconds: a session not refreshed within it ends', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(6 * 86_400);
      const kept = await refresh(s.refreshToken).expect(200);
      f.clock.advanceSeconds(7 * 86_400);

      expectError(await refresh(kept.body.refresh_token), 401, 'token_expired');
    });
  });
});

describe.each([
  ['express', 'memory'],
  ['fastify', 'mongoose'],
] as const)('session lifetime (%s, %s)', (adapter, storage) => {
  const f = useFixtureApp({
    adapter,
    storage,
    options: { sessionMaxLifetimeSeconds: 3 * 86_400 },
  });
  const refresh = (token: string) =>
    f.http.post('/auth/refresh').send({ refresh_token: token });

  it('sessionMaxLifetimeSeconds: rotation stops at the absolute lifetime however often it is refreshed', async () => {
    const s = await registerAndLogin(f);
    let token = s.refreshToken;
    let access = s.accessToken;
    for (let day = 0; day < 2; day += 1) {
      f.clock.advanceSeconds(86_400);
      const res = await refresh(token).expect(200);
      token = res.body.refresh_token;
      access = res.body.access_token;
    }
    const sessions = await f.http
      .get('/auth/sessions')
      .set(...bearer(access))
      .expect(200);
    // The refresh token's expiry never passes the session's end.
    expect(Date.parse(sessions.body.sessions[0].expires_at)).toBe(
      Date.parse(sessions.body.sessions[0].created_at) + 3 * 86_400_000,
    );
    f.clock.advanceSeconds(86_400);

    expectError(await refresh(token), 401, 'token_expired');
    // A new login starts a new session.
    await f.http
      .post('/auth/login')
      .send({
        username: s.credentials.username,
        password: s.credentials.password,
      })
      .expect(200);
  });
});

describe.each(['express', 'fastify'] as const)(
  'sessions behind a trusted proxy (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, trustProxy: true });

    it('records the client IP the proxy names, at login and at refresh', async () => {
      const credentials = newUser('proxied');
      await f.http.post('/auth/register').send(credentials).expect(201);
      const login = await f.http
        .post('/auth/login')
        .set('X-Forwarded-For', '198.51.100.23')
        .send({
          username: credentials.username,
          password: credentials.password,
        })
        .expect(200);
      const refreshed = await f.http
        .post('/auth/refresh')
        .set('X-Forwarded-For', '203.0.113.7')
        .send({ refresh_token: login.body.refresh_token })
        .expect(200);

      const [session] = (
        await f.http
          .get('/auth/sessions')
          .set(...bearer(refreshed.body.access_token))
          .expect(200)
      ).body.sessions;
      expect(session).toMatchObject({
        login_ip: '198.51.100.23',
        last_used_ip: '203.0.113.7',
      });
    });
  },
);
