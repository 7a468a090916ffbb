import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';
import { useStoredFixtureApp } from '../support/stored-fixture.js';

// Every way a live access token is revoked, on both stores: the guard keeps only the changes of
// the last access-token lifetime (issue 17), and each of these must still be refused by it, on
// the host route (guard only) and on a module route. Several instances on one MongoDB:
// multi-instance.e2e-spec.ts.
describe.each([
  ['express', 'memory'],
  ['fastify', 'mongoose'],
] as const)('revocation scenarios (%s, %s)', (adapter, storage) => {
  const f = useStoredFixtureApp(storage, 'revocation-scenarios', { adapter });

  const hello = (token: string) => f.http.get('/hello').set(...bearer(token));
  const refused = async (token: string, code: string) => {
    for (const path of ['/hello', '/auth/me']) {
      expectUnauthorized(await f.http.get(path).set(...bearer(token)), code);
    }
  };
  const asAdmin = async (app: FixtureApp = f) =>
    bearer((await adminLogin(app)).accessToken);

  it('logout: the session’s token is refused', async () => {
    const s = await registerAndLogin(f);
    await hello(s.accessToken).expect(200);
    await f.http
      .post('/auth/logout')
      .set(...bearer(s.accessToken))
      .expect(200);
    await refused(s.accessToken, 'token_revoked');
  });

  it('logout-all: every token of the user is refused', async () => {
    const s = await registerAndLogin(f);
    const second = await f.http
      .post('/auth/login')
      .send({
        username: s.credentials.username,
        password: s.credentials.password,
      })
      .expect(200);
    await f.http
      .post('/auth/logout-all')
      .set(...bearer(s.accessToken))
      .expect(200);
    // The user's version moved past every token's `uv` in the same write.
    await refused(s.accessToken, 'token_version_rejected');
    expect((await hello(second.body.access_token as string)).status).toBe(401);
  });

  it('per-user rotation: the user’s tokens are refused, a new login works, other users are untouched', async () => {
    const admin = await asAdmin();
    const target = await registerAndLogin(f);
    const bystander = await registerAndLogin(f);
    await f.http
      .post(`/auth/admin/users/${target.userId}/rotations`)
      .set(...admin)
      .send({})
      .expect(201);
    await refused(target.accessToken, 'token_version_rejected');
    await hello(bystander.accessToken).expect(200);
    const again = await f.http
      .post('/auth/login')
      .send({
        username: target.credentials.username,
        password: target.credentials.password,
      })
      .expect(200);
    await hello(again.body.access_token as string).expect(200);
  });

  it('global rotation with grace: older tokens work inside the grace window and are refused after it', async () => {
    const admin = await asAdmin();
    const s = await registerAndLogin(f);
    await f.http
      .post('/auth/admin/rotations/global')
      .set(...admin)
      .send({ grace_period_seconds: 60 })
      .expect(201);
    await hello(s.accessToken).expect(200);
    f.clock.advanceSeconds(61);
    await refused(s.accessToken, 'token_version_rejected');
  });

  it('deactivation: the user’s tokens are refused at once, and stay refused after reactivation', async () => {
    const admin = await asAdmin();
    const s = await registerAndLogin(f);
    await f.http
      .patch(`/auth/admin/users/${s.userId}`)
      .set(...admin)
      .send({ is_active: false })
      .expect(200);
    expect((await hello(s.accessToken)).status).toBe(401);
    await f.http
      .patch(`/auth/admin/users/${s.userId}`)
      .set(...admin)
      .send({ is_active: true })
      .expect(200);
    await refused(s.accessToken, 'token_version_rejected');
  });

  it('role change: the token’s roles are overridden by the change at once, both ways', async () => {
    const admin = await asAdmin();
    const s = await registerAndLogin(f);
    await f.http
      .get('/staff')
      .set(...bearer(s.accessToken))
      .expect(403);
    await f.http
      .patch(`/auth/admin/users/${s.userId}`)
      .set(...admin)
      .send({ roles: ['staff'] })
      .expect(200);
    await f.http
      .get('/staff')
      .set(...bearer(s.accessToken))
      .expect(200);
    await f.http
      .patch(`/auth/admin/users/${s.userId}`)
      .set(...admin)
      .send({ roles: ['user'] })
      .expect(200);
    await f.http
      .get('/staff')
      .set(...bearer(s.accessToken))
      .expect(403);
  });
});
