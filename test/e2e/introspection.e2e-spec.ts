import { describe, expect, it } from 'vitest';
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

const { clientId, clientSecret } = INTROSPECTION_CLIENT;

describe.each(['express', 'fastify'] as const)(
  'POST /auth/introspect (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    const introspect = (token: string) =>
      f.http
        .post('/auth/introspect')
        .auth(clientId, clientSecret)
        .send({ token });

    describe('client authentication', () => {
      it.each([
        ['no Authorization header', undefined],
        [
          'a wrong secret',
          `Basic ${Buffer.from(`${clientId}:wrong-secret-0123456789`).toString('base64')}`,
        ],
        [
          'an unknown client',
          `Basic ${Buffer.from(`other:${clientSecret}`).toString('base64')}`,
        ],
        [
          'an empty secret',
          `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`,
        ],
        ['no colon', `Basic ${Buffer.from(clientId).toString('base64')}`],
        ['a Bearer token instead of Basic', 'Bearer abc'],
      ])(
        '401 invalid_client with a Basic challenge for %s',
        async (_name, header) => {
          const s = await registerAndLogin(f);
          const req = f.http.post('/auth/introspect');
          if (header !== undefined) req.set('Authorization', header);

          const res = await req.send({ token: s.accessToken });

          expectUnauthorized(res, 'invalid_client', 'Basic');
          expect(res.text).not.toContain(s.credentials.username);
        },
      );

      it('a user’s access token is not a client credential', async () => {
        const s = await registerAndLogin(f);

        const res = await f.http
          .post('/auth/introspect')
          .set(...bearer(s.accessToken))
          .send({ token: s.accessToken });

        expectUnauthorized(res, 'invalid_client', 'Basic');
      });
    });

    it('a valid token: 200 active with its claims and public user, no-store', async () => {
      const s = await registerAndLogin(f);
      const claims = jwtPayload(s.accessToken);

      const res = await introspect(s.accessToken);

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        active: true,
        sub: s.userId,
        username: s.credentials.username,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        sid: claims.sid,
        token_type: 'access_token',
        roles: ['user'],
        user: {
          id: s.userId,
          username: s.credentials.username,
          email: s.credentials.email,
          is_active: true,
          roles: ['user'],
          created_at: expect.any(String),
        },
      });
      expect(Object.keys(res.body.user).sort()).toEqual([
        'created_at',
        'email',
        'email_verified',
        'id',
        'is_active',
        'roles',
        'username',
      ]);
      expect(res.text).not.toMatch(/password|\$argon2|"gv"|"uv"/);
    });

    it('accepts the body as application/x-www-form-urlencoded (RFC 7662)', async () => {
      const s = await registerAndLogin(f);

      const res = await f.http
        .post('/auth/introspect')
        .auth(clientId, clientSecret)
        .type('form')
        .send({ token: s.accessToken, token_type_hint: 'access_token' });

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: true, sub: s.userId });
    });

    it('form-encoded garbage is { active: false }', async () => {
      const res = await f.http
        .post('/auth/introspect')
        .auth(clientId, clientSecret)
        .type('form')
        .send({ token: 'garbage' });

      expect(res.status).toBe(200);
      expect(res.body).toEqual({ active: false });
    });

    it('reflects current roles', async () => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);
      await f.http
        .patch(`/auth/admin/users/${s.userId}`)
        .set(...bearer(admin.accessToken))
        .send({ roles: ['billing:read', 'user'] })
        .expect(200);

      const res = await introspect(s.accessToken).expect(200);

      expect(res.body.roles).toEqual(['billing:read', 'user']);
    });

    describe('exactly { active: false } for any unusable token', () => {
      it('a logged-out (revoked) token', async () => {
        const s = await registerAndLogin(f);
        await introspect(s.accessToken).expect(200, /"active":true/);
        await f.http
          .post('/auth/logout')
          .set(...bearer(s.accessToken))
          .expect(200);

        const res = await introspect(s.accessToken);

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ active: false });
      });

      it('a token rotated out by a per-user rotation', async () => {
        const s = await registerAndLogin(f);
        const admin = await adminLogin(f);
        await f.http
          .post(`/auth/admin/users/${s.userId}/rotations`)
          .set(...bearer(admin.accessToken))
          .send({})
          .expect(201);

        const res = await introspect(s.accessToken);

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ active: false });
      });

      it('a token of a deactivated user', async () => {
        const s = await registerAndLogin(f);
        const admin = await adminLogin(f);
        await f.http
          .patch(`/auth/admin/users/${s.userId}`)
          .set(...bearer(admin.accessToken))
          .send({ is_active: false })
          .expect(200);

        expect((await introspect(s.accessToken).expect(200)).body).toEqual({
          active: false,
        });
      });

      it('an expired token', async () => {
        const s = await registerAndLogin(f);
        f.clock.advanceSeconds(906);

        expect((await introspect(s.accessToken).expect(200)).body).toEqual({
          active: false,
        });
      });

      it.each([
        ['garbage', () => 'garbage'],
        [
          'a JWT-looking forgery',
          () => 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
        ],
      ])('%s', async (_name, token) => {
        const res = await introspect(token());

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ active: false });
      });

      it('a refresh token', async () => {
        const s = await registerAndLogin(f);

        const res = await introspect(s.refreshToken);

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ active: false });
        // Introspecting it did not consume it.
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: s.refreshToken })
          .expect(200);
      });

      it('a tampered token', async () => {
        const s = await registerAndLogin(f);
        const [h, p] = s.accessToken.split('.');

        const res = await introspect(`${h}.${p}.${'A'.repeat(43)}`);

        expect(res.body).toEqual({ active: false });
      });
    });

    it.each([
      ['an empty body', {}],
      ['an empty token', { token: '' }],
      ['a non-string token', { token: { $ne: null } }],
      ['an unknown hint', { token: 'abc', token_type_hint: 'id_token' }],
      ['an unknown property', { token: 'abc', unexpected: 'x' }],
    ])('400 validation_failed for %s', async (_name, body) => {
      const res = await f.http
        .post('/auth/introspect')
        .auth(clientId, clientSecret)
        .send(body);

      expectError(res, 400, 'validation_failed');
    });
  },
);
