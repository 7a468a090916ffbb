import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  useFixtureApp,
  TEST_SECRET,
} from '../support/fixture-app.js';
import {
  expectError,
  expectPublicUser,
  expectUnauthorized,
} from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'bearer-protected routes (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    // Module route, host route behind JwtAuthGuard, host route behind JwtAuthGuard + RolesGuard.
    const guarded = [
      ['GET /auth/me', '/auth/me'],
      ['GET /hello', '/hello'],
      ['GET /staff', '/staff'],
    ] as const;

    it('GET /auth/me answers the public user of the token, no-store', async () => {
      const s = await registerAndLogin(f);

      const res = await f.http.get('/auth/me').set(...bearer(s.accessToken));

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expectPublicUser(res.body, res);
      expect(res.body).toMatchObject({
        id: s.userId,
        username: s.credentials.username,
        email: s.credentials.email,
        is_active: true,
        roles: ['user'],
      });
    });

    it('GET /hello (host route, JwtAuthGuard) sees the authenticated user', async () => {
      const s = await registerAndLogin(f);

      const res = await f.http.get('/hello').set(...bearer(s.accessToken));

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        message: `Hello, ${s.credentials.username}`,
        user_id: s.userId,
      });
    });

    it('GET /open (@Public) needs no token and ignores a bad one', async () => {
      await f.http.get('/open').expect(200, { ok: true });
      await f.http
        .get('/open')
        .set('Authorization', 'Bearer garbage')
        .expect(200, { ok: true });
    });

    it('GET /staff (@Roles admin|staff): 403 insufficient_role for a user, 200 for an admin', async () => {
      const user = await registerAndLogin(f);
      const admin = await adminLogin(f);

      const denied = await f.http
        .get('/staff')
        .set(...bearer(user.accessToken));
      expectError(denied, 403, 'insufficient_role');
      expect(denied.headers['www-authenticate']).toBeUndefined();

      await f.http
        .get('/staff')
        .set(...bearer(admin.accessToken))
        .expect(200, { ok: true });
    });

    describe.each(guarded)('%s', (_name, path) => {
      it('401 authentication_required without an Authorization header', async () => {
        const res = await f.http.get(path);

        expectUnauthorized(res, 'authentication_required');
        expect(res.headers['www-authenticate']).toBe(
          'Bearer realm="tokenward"',
        );
      });

      it('accepts the Bearer scheme in any case (RFC 6750: case-insensitive)', async () => {
        const s = await registerAndLogin(f);

        const res = await f.http
          .get(path)
          .set('Authorization', `bEaReR ${s.accessToken}`);

        // Authenticated either way: /staff then only lacks the role.
        expect(res.status).toBe(path === '/staff' ? 403 : 200);
      });

      it('401 authentication_required for another scheme', async () => {
        const s = await registerAndLogin(f);

        const res = await f.http
          .get(path)
          .set('Authorization', `Basic ${s.accessToken}`);

        expectUnauthorized(res, 'authentication_required');
      });

      it.each([
        ['a bare "Bearer"', 'Bearer'],
        ['"Bearer " and nothing', 'Bearer '],
        ['two tokens', 'Bearer abc def'],
        ['characters outside b64token', 'Bearer abc$%^'],
        ['a non-JWT token', 'Bearer not-a-jwt'],
      ])(
        '401 invalid_token for a malformed Bearer header: %s',
        async (_label, header) => {
          const res = await f.http.get(path).set('Authorization', header);

          expectUnauthorized(res, 'invalid_token');
          expect(res.headers['www-authenticate']).toContain(
            'error="invalid_token"',
          );
        },
      );

      it('401 invalid_token for a token whose payload was tampered with', async () => {
        const s = await registerAndLogin(f);
        const [header, payload, signature] = s.accessToken.split('.') as [
          string,
          string,
          string,
        ];
        const claims = JSON.parse(
          Buffer.from(payload, 'base64url').toString('utf8'),
        );
        const forged = Buffer.from(
          JSON.stringify({ ...claims, roles: ['admin'] }),
        ).toString('base64url');

        const res = await f.http
          .get(path)
          .set(...bearer(`${header}.${forged}.${signature}`));

        expectUnauthorized(res, 'invalid_token');
      });

      it('401 invalid_token for a token with a flipped signature', async () => {
        const s = await registerAndLogin(f);
        const last = s.accessToken.at(-2) === 'A' ? 'B' : 'A';
        const tampered = `${s.accessToken.slice(0, -2)}${last}${s.accessToken.slice(-1)}`;

        const res = await f.http.get(path).set(...bearer(tampered));

        expectUnauthorized(res, 'invalid_token');
      });

      it('401 invalid_token for an unsigned (alg none) token', async () => {
        const s = await registerAndLogin(f);
        const payload = s.accessToken.split('.')[1];
        const header = Buffer.from(
          JSON.stringify({ alg: 'none', typ: 'at+jwt' }),
        ).toString('base64url');

        const res = await f.http
          .get(path)
          .set(...bearer(`${header}.${payload}.`));

        expectError(res, 401, 'invalid_token');
      });

      it('401 invalid_token for a token signed with the raw master secret (key is derived)', async () => {
        const { createHmac } = await import('node:crypto');
        const s = await registerAndLogin(f);
        const [header, payload] = s.accessToken.split('.') as [string, string];
        const signature = createHmac('sha256', TEST_SECRET)
          .update(`${header}.${payload}`)
          .digest('base64url');

        const res = await f.http
          .get(path)
          .set(...bearer(`${header}.${payload}.${signature}`));

        expectError(res, 401, 'invalid_token');
      });

      it('401 invalid_token for a refresh token used as a bearer token', async () => {
        const s = await registerAndLogin(f);

        const res = await f.http.get(path).set(...bearer(s.refreshToken));

        expectUnauthorized(res, 'invalid_token');
      });

      it('401 token_expired once the access token is past its 900 s lifetime', async () => {
        const s = await registerAndLogin(f);
        // /staff needs a role: give this account one so only expiry can fail it.
        const admin = await adminLogin(f);
        await f.http
          .patch(`/auth/admin/users/${s.userId}`)
          .set(...bearer(admin.accessToken))
          .send({ roles: ['staff'] })
          .expect(200);
        await f.http
          .get(path)
          .set(...bearer(s.accessToken))
          .expect(200);

        f.clock.advanceSeconds(899);
        await f.http
          .get(path)
          .set(...bearer(s.accessToken))
          .expect(200);
        // Past the lifetime and the default 5 s clock tolerance.
        f.clock.advanceSeconds(7);
        const res = await f.http.get(path).set(...bearer(s.accessToken));

        expectUnauthorized(res, 'token_expired');
        expect(res.headers['www-authenticate']).toContain(
          'error="invalid_token"',
        );
      });
    });
  },
);
