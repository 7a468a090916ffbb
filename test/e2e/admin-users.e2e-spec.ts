import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectPublicUser,
  expectUnauthorized,
  REVOKED_USER_CODES,
} from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'admin: users and per-user rotation (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    let admin: Awaited<ReturnType<typeof adminLogin>>;

    // A fresh admin per test: some tests move the clock past an access token's lifetime.
    const asAdmin = async () => {
      admin = await adminLogin(f);
      return admin;
    };
    const me = (accessToken: string) =>
      f.http.get('/auth/me').set(...bearer(accessToken));
    const refresh = (token: string) =>
      f.http.post('/auth/refresh').send({ refresh_token: token });
    const patchUser = (id: string, body: object, token = admin.accessToken) =>
      f.http
        .patch(`/auth/admin/users/${id}`)
        .set(...bearer(token))
        .send(body);
    const rotateUser = (
      id: string,
      body: object = {},
      token = admin.accessToken,
    ) =>
      f.http
        .post(`/auth/admin/users/${id}/rotations`)
        .set(...bearer(token))
        .send(body);

    describe('access control (401 vs 403)', () => {
      const routes: Array<
        ['get' | 'post' | 'patch', string, (id: string) => string, object?]
      > = [
        [
          'post',
          'POST /admin/rotations/global',
          () => '/auth/admin/rotations/global',
          {},
        ],
        [
          'get',
          'GET /admin/rotations/global',
          () => '/auth/admin/rotations/global',
        ],
        [
          'post',
          'POST /admin/users/:id/rotations',
          (id) => `/auth/admin/users/${id}/rotations`,
          {},
        ],
        ['get', 'GET /admin/users', () => '/auth/admin/users'],
        [
          'patch',
          'PATCH /admin/users/:id',
          (id) => `/auth/admin/users/${id}`,
          { is_active: false },
        ],
      ];

      it.each(routes)(
        '%s %s: 401 without a token',
        async (method, _name, path, body) => {
          const victim = await registerAndLogin(f);
          const req = f.http[method](path(victim.userId));

          const res = await (body ? req.send(body) : req);

          expectUnauthorized(res, 'authentication_required');
          await me(victim.accessToken).expect(200);
        },
      );

      it.each(routes)(
        '%s %s: 403 insufficient_role for a non-admin',
        async (method, _name, path, body) => {
          const user = await registerAndLogin(f);
          const victim = await registerAndLogin(f);
          const req = f.http[method](path(victim.userId)).set(
            ...bearer(user.accessToken),
          );

          const res = await (body ? req.send(body) : req);

          expectError(res, 403, 'insufficient_role');
          // Nothing happened to anyone.
          await me(victim.accessToken).expect(200);
          await me(user.accessToken).expect(200);
        },
      );

      it('a staff role is not enough for admin routes', async () => {
        await asAdmin();
        const staff = await registerAndLogin(f);
        await patchUser(staff.userId, { roles: ['staff'] }).expect(200);

        const res = await f.http
          .get('/auth/admin/users')
          .set(...bearer(staff.accessToken));

        expectError(res, 403, 'insufficient_role');
      });
    });

    describe('POST /auth/admin/users/:id/rotations', () => {
      it('201 { user_id, previous_version, new_version } and every token of that user is 401 at once', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        const secondSession = await f.http
          .post('/auth/login')
          .send({
            username: victim.credentials.username,
            password: victim.credentials.password,
          })
          .expect(200);

        const res = await rotateUser(victim.userId, {
          reason: 'laptop stolen',
        });

        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          user_id: victim.userId,
          previous_version: expect.any(Number),
          new_version: res.body.previous_version + 1,
        });
        expectUnauthorized(
          await me(victim.accessToken),
          'token_version_rejected',
        );
        expectUnauthorized(
          await me(secondSession.body.access_token),
          'token_version_rejected',
        );
        expectUnauthorized(
          await refresh(victim.refreshToken),
          'token_version_rejected',
        );
        expectUnauthorized(
          await refresh(secondSession.body.refresh_token),
          'token_version_rejected',
        );
      });

      it('other users are unaffected', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        const bystander = await registerAndLogin(f);

        await rotateUser(victim.userId).expect(201);

        await me(bystander.accessToken).expect(200);
        await refresh(bystander.refreshToken).expect(200);
        await me(admin.accessToken).expect(200);
      });

      it('the user can log in again and gets working tokens at the new version', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        const first = await rotateUser(victim.userId).expect(201);

        const login = await f.http
          .post('/auth/login')
          .send({
            username: victim.credentials.username,
            password: victim.credentials.password,
          })
          .expect(200);

        await me(login.body.access_token).expect(200);
        await refresh(login.body.refresh_token).expect(200);
        const second = await rotateUser(victim.userId).expect(201);
        expect(second.body.previous_version).toBe(first.body.new_version);
        expectUnauthorized(
          await me(login.body.access_token),
          'token_version_rejected',
        );
      });

      it('404 user_not_found for an unknown user id', async () => {
        await asAdmin();

        const res = await rotateUser(randomUUID());

        expectError(res, 404, 'user_not_found');
      });

      it.each([
        ['not-a-uuid'],
        ['123'],
        ['00000000-0000-0000-0000-000000000000'],
      ])('404 for a malformed id (%s)', async (id) => {
        await asAdmin();

        const res = await rotateUser(id);

        expectError(res, 404, ['not_found', 'user_not_found']);
      });

      it('400 validation_failed for an unknown property or a non-string reason', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);

        expectError(
          await rotateUser(victim.userId, { reason: 42 }),
          400,
          'validation_failed',
        );
        expectError(
          await rotateUser(victim.userId, { force: true }),
          400,
          'validation_failed',
        );
        await me(victim.accessToken).expect(200);
      });
    });

    describe('GET /auth/admin/users', () => {
      const list = (query: string) =>
        f.http
          .get(`/auth/admin/users${query}`)
          .set(...bearer(admin.accessToken));

      it('pages through active users with skip and limit, oldest first', async () => {
        await asAdmin();
        // Each one strictly newer than every user so far: they are the last three of the list.
        const created = [];
        for (let i = 0; i < 3; i += 1) {
          f.clock.advanceSeconds(1);
          created.push(await registerAndLogin(f));
        }
        const first = await list('?limit=1');
        expect(first.status).toBe(200);
        const total: number = first.body.total;
        expect(total).toBeGreaterThanOrEqual(4);

        const page = await list(`?skip=${total - 3}&limit=2`);

        expect(page.status).toBe(200);
        expect(Object.keys(page.body).sort()).toEqual([
          'items',
          'limit',
          'skip',
          'total',
        ]);
        expect(page.body).toMatchObject({ skip: total - 3, limit: 2, total });
        for (const item of page.body.items) expectPublicUser(item);
        expect(page.text).not.toMatch(/password|\$argon2/i);
        expect(page.body.items.map((u: { id: string }) => u.id)).toEqual([
          created[0]!.userId,
          created[1]!.userId,
        ]);
        const last = await list(`?skip=${total - 1}&limit=2`).expect(200);
        expect(last.body.items.map((u: { id: string }) => u.id)).toEqual([
          created[2]!.userId,
        ]);
        const beyond = await list(`?skip=${total}`).expect(200);
        expect(beyond.body.items).toEqual([]);
      });

      it('defaults to skip 0, limit 20', async () => {
        await asAdmin();
        for (let i = 0; i < 21; i += 1) await registerAndLogin(f);

        const res = await list('');

        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ skip: 0, limit: 20 });
        expect(res.body.items).toHaveLength(20);
      });

      it('lists only active users', async () => {
        await asAdmin();
        f.clock.advanceSeconds(1);
        const gone = await registerAndLogin(f);
        const before = await list('?limit=1').expect(200);
        const newest = await list(`?skip=${before.body.total - 1}`).expect(200);
        expect(newest.body.items.map((u: { id: string }) => u.id)).toEqual([
          gone.userId,
        ]);

        await patchUser(gone.userId, { is_active: false }).expect(200);

        const after = await list('?limit=1').expect(200);
        expect(after.body.total).toBe(before.body.total - 1);
        const tail = await list(`?skip=${after.body.total - 1}`).expect(200);
        expect(tail.body.items.map((u: { id: string }) => u.id)).not.toContain(
          gone.userId,
        );
      });

      it.each([
        ['limit=0'],
        ['limit=1000'],
        ['limit=101'],
        ['skip=-1'],
        ['limit=abc'],
        ['skip=1.5'],
        ['page=2'],
      ])('400 validation_failed for ?%s', async (query) => {
        await asAdmin();

        const res = await list(`?${query}`);

        expectError(res, 400, 'validation_failed');
      });
    });

    describe('PATCH /auth/admin/users/:id', () => {
      it('deactivation: 200 public user, the user’s tokens are 401 and login is invalid_credentials', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        const rotated = await refresh(victim.refreshToken).expect(200);

        const res = await patchUser(victim.userId, { is_active: false });

        expect(res.status).toBe(200);
        expectPublicUser(res.body, res);
        expect(res.body).toMatchObject({ id: victim.userId, is_active: false });
        expectUnauthorized(
          await me(rotated.body.access_token),
          REVOKED_USER_CODES,
        );
        expectUnauthorized(
          await f.http.get('/hello').set(...bearer(victim.accessToken)),
          REVOKED_USER_CODES,
        );
        expectUnauthorized(
          await refresh(rotated.body.refresh_token),
          'token_revoked',
        );
        const login = await f.http.post('/auth/login').send({
          username: victim.credentials.username,
          password: victim.credentials.password,
        });
        expectUnauthorized(login, 'invalid_credentials');
      });

      it('reactivation: login works again; tokens from before the deactivation stay dead', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        await patchUser(victim.userId, { is_active: false }).expect(200);

        const res = await patchUser(victim.userId, { is_active: true });

        expect(res.status).toBe(200);
        expect(res.body.is_active).toBe(true);
        const login = await f.http.post('/auth/login').send({
          username: victim.credentials.username,
          password: victim.credentials.password,
        });
        expect(login.status).toBe(200);
        await me(login.body.access_token).expect(200);
        await refresh(login.body.refresh_token).expect(200);
        expectUnauthorized(await me(victim.accessToken), REVOKED_USER_CODES);
        expectUnauthorized(await refresh(victim.refreshToken), 'token_revoked');
      });

      it('deactivating one user leaves other users working', async () => {
        await asAdmin();
        const victim = await registerAndLogin(f);
        const bystander = await registerAndLogin(f);

        await patchUser(victim.userId, { is_active: false }).expect(200);

        await me(bystander.accessToken).expect(200);
        await refresh(bystander.refreshToken).expect(200);
      });

      it('roles change: /staff access follows the roles on the same token, without a new login', async () => {
        await asAdmin();
        const s = await registerAndLogin(f);
        expectError(
          await f.http.get('/staff').set(...bearer(s.accessToken)),
          403,
          'insufficient_role',
        );

        const granted = await patchUser(s.userId, { roles: ['staff', 'user'] });
        expect(granted.status).toBe(200);
        expect(granted.body.roles).toEqual(['staff', 'user']);
        await f.http
          .get('/staff')
          .set(...bearer(s.accessToken))
          .expect(200);
        const meNow = await me(s.accessToken).expect(200);
        expect(meNow.body.roles).toEqual(['staff', 'user']);

        await patchUser(s.userId, { roles: ['user'] }).expect(200);
        expectError(
          await f.http.get('/staff').set(...bearer(s.accessToken)),
          403,
          'insufficient_role',
        );
      });

      it('granting admin opens the admin routes; revoking it closes them', async () => {
        await asAdmin();
        const s = await registerAndLogin(f);

        await patchUser(s.userId, { roles: ['admin'] }).expect(200);
        await f.http
          .get('/auth/admin/rotations/global')
          .set(...bearer(s.accessToken))
          .expect(200);

        await patchUser(s.userId, { roles: ['user'] }).expect(200);
        expectError(
          await f.http
            .get('/auth/admin/rotations/global')
            .set(...bearer(s.accessToken)),
          403,
          'insufficient_role',
        );
      });

      it('a deactivated admin gets 401 on admin routes', async () => {
        await asAdmin();
        const other = await adminLogin(f);

        await patchUser(other.userId, { is_active: false }).expect(200);

        const res = await f.http
          .get('/auth/admin/users')
          .set(...bearer(other.accessToken));
        expectUnauthorized(res, REVOKED_USER_CODES);
        const attempt = await patchUser(
          admin.userId,
          { is_active: false },
          other.accessToken,
        );
        expectUnauthorized(attempt, REVOKED_USER_CODES);
        // The deactivated admin could not act: the acting admin is still active.
        await me(admin.accessToken).expect(200);
      });

      it('404 user_not_found for an unknown id; 404 for a malformed id', async () => {
        await asAdmin();

        expectError(
          await patchUser(randomUUID(), { is_active: false }),
          404,
          'user_not_found',
        );
        expectError(await patchUser('not-a-uuid', { is_active: false }), 404, [
          'not_found',
          'user_not_found',
        ]);
      });

      it.each([
        ['an empty body', {}],
        ['a string is_active', { is_active: 'false' }],
        ['a number is_active', { is_active: 0 }],
        ['roles not an array', { roles: 'admin' }],
        ['a non-string role', { roles: [1] }],
        ['an operator object as role', { roles: [{ $gt: '' }] }],
        ['a malformed role name', { roles: ['Admin!'] }],
        ['an unknown property', { is_active: true, password: 'x' }],
        ['only a reason', { reason: 'no change at all' }],
        ['a non-string reason', { is_active: false, reason: 42 }],
        [
          'a reason over 500 characters',
          { is_active: false, reason: 'x'.repeat(501) },
        ],
      ])(
        '400 validation_failed for %s, and nothing changes',
        async (_name, body) => {
          await asAdmin();
          const victim = await registerAndLogin(f);

          expectError(
            await patchUser(victim.userId, body),
            400,
            'validation_failed',
          );

          const now = await me(victim.accessToken).expect(200);
          expect(now.body).toMatchObject({ is_active: true, roles: ['user'] });
        },
      );
    });
  },
);
