import { describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  newUser,
  useFixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectPublicUser,
  jwtHeader,
  jwtPayload,
} from '../support/http-assertions.js';

describe.each(['express', 'fastify'] as const)(
  'POST /auth/login (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    async function registered(): Promise<
      ReturnType<typeof newUser> & { id: string }
    > {
      const body = newUser();
      const res = await f.http.post('/auth/register').send(body).expect(201);
      return { ...body, id: res.body.id };
    }

    it('logs in by username: 200 token pair, user, no-store', async () => {
      const user = await registered();

      const res = await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password });

      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Object.keys(res.body).sort()).toEqual([
        'access_token',
        'expires_in',
        'refresh_token',
        'token_type',
        'user',
      ]);
      expect(res.body.token_type).toBe('Bearer');
      expect(res.body.expires_in).toBe(900);
      expect(res.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(res.body.refresh_token).toMatch(/^[\w-]{43}$/);
      expect(res.body.refresh_token).not.toBe(res.body.access_token);
      expectPublicUser(res.body.user, res);
      expect(res.body.user).toMatchObject({
        id: user.id,
        username: user.username,
        email: user.email,
      });
    });

    it('issues an access token with the documented header and claims', async () => {
      const user = await registered();
      const res = await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);

      expect(jwtHeader(res.body.access_token)).toEqual({
        alg: 'HS256',
        typ: 'at+jwt',
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      });
      const claims = jwtPayload(res.body.access_token);
      const now = Math.floor(f.clock.now().getTime() / 1000);
      expect(claims).toMatchObject({
        sub: user.id,
        iat: now,
        exp: now + 900,
        iss: 'tokenward',
        aud: 'tokenward',
        gv: expect.any(Number),
        uv: expect.any(Number),
        roles: ['user'],
      });
      expect(claims.jti).toEqual(expect.any(String));
      expect(claims.sid).toEqual(expect.any(String));
    });

    it('logs in by email, case-insensitively, and the token works', async () => {
      const user = await registered();

      const res = await f.http
        .post('/auth/login')
        .send({ username: user.email.toUpperCase(), password: user.password });

      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(user.id);
      const me = await f.http
        .get('/auth/me')
        .set(...bearer(res.body.access_token));
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
    });

    it('logs in by a username typed in another case', async () => {
      const user = await registered();

      const res = await f.http.post('/auth/login').send({
        username: user.username.toUpperCase(),
        password: user.password,
      });

      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(user.id);
    });

    it('logs in by the fullwidth (NFKC-equivalent) form of the username', async () => {
      const user = await registered();
      const fullwidth = [...user.username]
        .map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0))
        .join('');

      const res = await f.http
        .post('/auth/login')
        .send({ username: fullwidth, password: user.password });

      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(user.id);
    });

    it('opens a new session at every login', async () => {
      const user = await registered();
      const credentials = { username: user.username, password: user.password };

      const a = await f.http.post('/auth/login').send(credentials).expect(200);
      const b = await f.http.post('/auth/login').send(credentials).expect(200);

      expect(jwtPayload(a.body.access_token).sid).not.toBe(
        jwtPayload(b.body.access_token).sid,
      );
      expect(a.body.refresh_token).not.toBe(b.body.refresh_token);
    });

    describe('401 invalid_credentials, identical for every cause', () => {
      it('unknown user, wrong password, deactivated account and unknown email answer the same', async () => {
        const wrong = await registered();
        const inactive = await registered();
        const admin = await adminLogin(f);
        await f.http
          .patch(`/auth/admin/users/${inactive.id}`)
          .set(...bearer(admin.accessToken))
          .send({ is_active: false })
          .expect(200);

        const attempts = [
          { username: `nobody${wrong.username}`, password: wrong.password },
          { username: wrong.username, password: `${wrong.password}-wrong` },
          { username: inactive.username, password: inactive.password },
          { username: `nobody-${wrong.email}`, password: wrong.password },
        ];
        const responses = [];
        for (const attempt of attempts) {
          responses.push(await f.http.post('/auth/login').send(attempt));
        }

        for (const res of responses) {
          expectError(res, 401, 'invalid_credentials');
          expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
        }
        const bodies = responses.map((r) => r.text);
        expect(new Set(bodies).size).toBe(1);
        expect(bodies[0]).not.toMatch(
          /exist|inactive|deactivated|password is wrong/i,
        );
      });

      it('does not accept the password of another account', async () => {
        const a = await registered();
        const b = await registered();

        const res = await f.http
          .post('/auth/login')
          .send({ username: a.username, password: b.password });

        expectError(res, 401, 'invalid_credentials');
      });
    });

    describe('400 validation_failed on a bad body', () => {
      const cases: Array<[string, unknown]> = [
        ['an empty body', {}],
        ['a missing password', { username: 'someone' }],
        ['a missing username', { password: 'password123' }],
        [
          'an operator object as username',
          { username: { $gt: '' }, password: 'password123' },
        ],
        [
          'an operator object as password',
          { username: 'someone', password: { $gt: '' } },
        ],
        ['a number as password', { username: 'someone', password: 12345678 }],
        [
          'an array as username',
          { username: ['someone'], password: 'password123' },
        ],
        [
          'an unknown property',
          { username: 'someone', password: 'password123', remember: true },
        ],
      ];

      it.each(cases)('on %s', async (_name, body) => {
        const res = await f.http.post('/auth/login').send(body as object);

        expectError(res, 400, 'validation_failed');
      });
    });
  },
);
