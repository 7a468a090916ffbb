import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, expectNoLeaks } from '../support/http-assertions.js';
import {
  MemoryUserRepository,
  UserRepository,
  type User,
} from '../support/tokenward.js';

type Scenario = [
  name: string,
  status: number,
  code: string,
  run: (f: FixtureApp) => Promise<Response>,
];

/** One request per error the HTTP API can answer, on module routes and host routes alike. */
const scenarios: Scenario[] = [
  [
    'register: bad body',
    400,
    'validation_failed',
    (f) => f.http.post('/auth/register').send({ username: { $gt: '' } }),
  ],
  [
    'register: short password',
    400,
    'validation_failed',
    (f) =>
      f.http.post('/auth/register').send({ ...newUser(), password: 'short' }),
  ],
  [
    'register: taken username',
    409,
    'user_already_exists',
    async (f) => {
      const s = await registerAndLogin(f);
      return f.http
        .post('/auth/register')
        .send({ ...newUser(), username: s.credentials.username });
    },
  ],
  [
    'login: wrong password',
    401,
    'invalid_credentials',
    async (f) => {
      const s = await registerAndLogin(f);
      return f.http
        .post('/auth/login')
        .send({ username: s.credentials.username, password: 'wrong-password' });
    },
  ],
  [
    'login: unknown property',
    400,
    'validation_failed',
    (f) =>
      f.http.post('/auth/login').send({ username: 'a', password: 'b', x: 1 }),
  ],
  [
    'refresh: unknown token',
    401,
    'invalid_token',
    (f) => f.http.post('/auth/refresh').send({ refresh_token: 'nope' }),
  ],
  [
    'refresh: superseded (rotated by a password change, nothing to repeat)',
    401,
    'refresh_token_superseded',
    async (f) => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/password/change')
        .set('Authorization', `Bearer ${s.accessToken}`)
        .send({
          current_password: s.credentials.password,
          new_password: `${s.credentials.password}-new`,
        })
        .expect(200);
      return f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken });
    },
  ],
  [
    'refresh: reused',
    401,
    'refresh_token_reused',
    async (f) => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken })
        .expect(200);
      f.clock.advanceSeconds(11);
      return f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken });
    },
  ],
  [
    'me: no token',
    401,
    'authentication_required',
    (f) => f.http.get('/auth/me'),
  ],
  [
    'me: garbage token',
    401,
    'invalid_token',
    (f) => f.http.get('/auth/me').set('Authorization', 'Bearer x.y.z'),
  ],
  [
    'me: revoked token',
    401,
    'token_revoked',
    async (f) => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);
      return f.http.get('/auth/me').set(...bearer(s.accessToken));
    },
  ],
  [
    'me: expired token',
    401,
    'token_expired',
    async (f) => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(906);
      return f.http.get('/auth/me').set(...bearer(s.accessToken));
    },
  ],
  [
    'hello (host route): no token',
    401,
    'authentication_required',
    (f) => f.http.get('/hello'),
  ],
  [
    'hello (host route): garbage token',
    401,
    'invalid_token',
    (f) => f.http.get('/hello').set('Authorization', 'Bearer x.y.z'),
  ],
  [
    'hello (host route): rotated-out token',
    401,
    'token_version_rejected',
    async (f) => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);
      await f.http
        .post(`/auth/admin/users/${s.userId}/rotations`)
        .set(...bearer(admin.accessToken))
        .send({})
        .expect(201);
      return f.http.get('/hello').set(...bearer(s.accessToken));
    },
  ],
  [
    'staff (host route): wrong role',
    403,
    'insufficient_role',
    async (f) =>
      f.http
        .get('/staff')
        .set(...bearer((await registerAndLogin(f)).accessToken)),
  ],
  [
    'admin: wrong role',
    403,
    'insufficient_role',
    async (f) =>
      f.http
        .get('/auth/admin/users')
        .set(...bearer((await registerAndLogin(f)).accessToken)),
  ],
  [
    'admin: unknown user',
    404,
    'user_not_found',
    async (f) =>
      f.http
        .patch(`/auth/admin/users/${randomUUID()}`)
        .set(...bearer((await adminLogin(f)).accessToken))
        .send({ is_active: true }),
  ],
  [
    'admin: malformed user id',
    404,
    'not_found',
    async (f) =>
      f.http
        .post('/auth/admin/users/42/rotations')
        .set(...bearer((await adminLogin(f)).accessToken))
        .send({}),
  ],
  [
    'admin: bad query',
    400,
    'validation_failed',
    async (f) =>
      f.http
        .get('/auth/admin/users?limit=0')
        .set(...bearer((await adminLogin(f)).accessToken)),
  ],
  [
    'admin: bad grace',
    400,
    'validation_failed',
    async (f) =>
      f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer((await adminLogin(f)).accessToken))
        .send({ grace_period_seconds: -5 }),
  ],
  [
    'introspect: no client',
    401,
    'invalid_client',
    (f) => f.http.post('/auth/introspect').send({ token: 'x' }),
  ],
  [
    'introspect: bad body',
    400,
    'validation_failed',
    (f) =>
      f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: 5 }),
  ],
];

describe.each(['express', 'fastify'] as const)(
  'error body format (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });

    it.each(scenarios)(
      '%s: %i %s with exactly { statusCode, error, code, message[, details] }',
      async (_name, status, code, run) => {
        const res = await run(f);

        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = expectError(res, status, code);
        expect(body.error).toBe(
          {
            400: 'Bad Request',
            401: 'Unauthorized',
            403: 'Forbidden',
            404: 'Not Found',
            409: 'Conflict',
          }[status],
        );
      },
    );

    it('errors on module routes are never cached', async () => {
      const res = await f.http
        .post('/auth/login')
        .send({ username: 'nobody-here', password: 'whatever1' });

      expect(res.status).toBe(401);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('framework-level errors (bad JSON, unknown route) leak no stack trace', async () => {
      const badJson = await f.http
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username":');
      const unknown = await f.http.get('/auth/does-not-exist');

      expect(badJson.status).toBe(400);
      expect(unknown.status).toBe(404);
      expectNoLeaks(badJson);
      expectNoLeaks(unknown);
      expect(badJson.text).not.toMatch(/ at .*\.js:\d+/);
    });
  },
);

/** A user store that fails the way a real database can, with internals in its error message. */
class ExplodingUserRepository extends MemoryUserRepository {
  override async findByUsername(usernameKey: string): Promise<User | null> {
    if (usernameKey.startsWith('explode')) {
      throw new Error(
        'E11000 at /srv/db.js:12 stack: hashed $argon2id$v=19$m=19456 leaked',
      );
    }
    return super.findByUsername(usernameKey);
  }
}

describe.each(['express', 'fastify'] as const)(
  'unexpected errors (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      providers: [
        { provide: UserRepository, useClass: ExplodingUserRepository },
      ],
    });

    it('a storage failure is a bare 5xx in the same format, with nothing of the error in it', async () => {
      const res = await f.http
        .post('/auth/login')
        .send({ username: 'explode-me', password: 'password123' });

      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(Object.keys(res.body).sort()).toEqual([
        'code',
        'error',
        'message',
        'statusCode',
      ]);
      expect(res.body.statusCode).toBe(res.status);
      expect(res.text).not.toMatch(/E11000|db\.js|leaked/);
      expectNoLeaks(res);
    });

    it('the rest of the store keeps working', async () => {
      const s = await registerAndLogin(f);

      await f.http
        .get('/auth/me')
        .set(...bearer(s.accessToken))
        .expect(200);
    });
  },
);
