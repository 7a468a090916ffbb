// Issue 4, "Input": operator injection in every body field of every endpoint, whitespace and
// control characters, length limits, body size, nesting, malformed JSON, content types and
// prototype-pollution keys, through HTTP on both adapters.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, expectUnauthorized } from '../support/http-assertions.js';

const ADAPTERS = ['express', 'fastify'] as const;

type Session = Awaited<ReturnType<typeof registerAndLogin>>;

/** What the requests of one describe act with: an admin and a victim user. */
interface Actors {
  admin: Session;
  victim: Session;
}

/** Every Tokenward route that takes a body, with a valid body that would change something. */
interface BodyEndpoint {
  name: string;
  request: (f: FixtureApp, a: Actors) => Test;
  /** A valid body; each injected field replaces one of its fields. */
  valid: (a: Actors) => Record<string, unknown>;
}

const ENDPOINTS = {
  register: {
    name: 'POST /auth/register',
    request: (f) => f.http.post('/auth/register'),
    valid: () => newUser('inj'),
  },
  login: {
    name: 'POST /auth/login',
    request: (f) => f.http.post('/auth/login'),
    valid: ({ victim }) => ({
      username: victim.credentials.username,
      password: victim.credentials.password,
    }),
  },
  refresh: {
    name: 'POST /auth/refresh',
    request: (f) => f.http.post('/auth/refresh'),
    valid: ({ victim }) => ({ refresh_token: victim.refreshToken }),
  },
  introspect: {
    name: 'POST /auth/introspect',
    request: (f) =>
      f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret),
    valid: ({ victim }) => ({
      token: victim.accessToken,
      token_type_hint: 'access_token',
    }),
  },
  globalRotation: {
    name: 'POST /auth/admin/rotations/global',
    request: (f, { admin }) =>
      f.http
        .post('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken)),
    valid: () => ({ reason: 'drill', grace_period_seconds: 600 }),
  },
  userRotation: {
    name: 'POST /auth/admin/users/:id/rotations',
    request: (f, { admin, victim }) =>
      f.http
        .post(`/auth/admin/users/${victim.userId}/rotations`)
        .set(...bearer(admin.accessToken)),
    valid: () => ({ reason: 'drill' }),
  },
  patchUser: {
    name: 'PATCH /auth/admin/users/:id',
    request: (f, { admin, victim }) =>
      f.http
        .patch(`/auth/admin/users/${victim.userId}`)
        .set(...bearer(admin.accessToken)),
    // Filled per field below, so that accepting the injected field would also apply a change.
    valid: () => ({}),
  },
} satisfies Record<string, BodyEndpoint>;

type EndpointKey = keyof typeof ENDPOINTS;

const PAYLOADS: Array<[string, unknown]> = [
  ['{"$gt": ""}', { $gt: '' }],
  ['{"$ne": null}', { $ne: null }],
  ['{"$regex": ".*"}', { $regex: '.*' }],
  ['{"$where": "…"}', { $where: 'sleep(1000) || true' }],
  ['{"$in": [...]}', { $in: ['admin', 'user'] }],
  ['an array of strings', ['admin']],
  ['an array holding an operator', [{ $ne: null }]],
  ['a number', 12_345_678],
  ['a boolean', true],
  ['a nested object', { a: { b: { c: 'admin' } } }],
  ['null', null],
];

/**
 * Every body field of every endpoint, the payloads that are legitimate values of it (skipped),
 * and the rest of the body sent with it.
 */
const TARGETS: Array<
  [
    endpoint: EndpointKey,
    field: string,
    legitimate: string[],
    rest?: Record<string, unknown>,
  ]
> = [
  ['register', 'username', []],
  ['register', 'email', []],
  ['register', 'password', []],
  ['login', 'username', []],
  ['login', 'password', []],
  ['refresh', 'refresh_token', []],
  ['introspect', 'token', []],
  // Optional fields: null means "not given".
  ['introspect', 'token_type_hint', ['null']],
  ['globalRotation', 'reason', ['null']],
  // 12,345,678 s is over the refresh-token lifetime, so even the number is refused.
  ['globalRotation', 'grace_period_seconds', ['null']],
  ['userRotation', 'reason', ['null']],
  // With a valid role change beside it: accepting the bad is_active would change the roles.
  ['patchUser', 'is_active', ['a boolean'], { roles: ['staff', 'user'] }],
  // With a valid deactivation beside it: accepting the bad roles would deactivate the victim.
  ['patchUser', 'roles', ['an array of strings'], { is_active: false }],
];

describe.each(ADAPTERS)(
  'security: operator injection in every body field (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    const actors = {} as Actors;

    beforeAll(async () => {
      actors.admin = await adminLogin(f);
      actors.victim = await registerAndLogin(f, 'victim');
    });

    /** Everything an accepted injection could have changed, as one comparable string. */
    async function state(): Promise<string> {
      const users = await f.http
        .get('/auth/admin/users?limit=100')
        .set(...bearer(actors.admin.accessToken))
        .expect(200);
      const global = await f.http
        .get('/auth/admin/rotations/global')
        .set(...bearer(actors.admin.accessToken))
        .expect(200);
      const victim = await f.http
        .get('/auth/me')
        .set(...bearer(actors.victim.accessToken));
      return JSON.stringify({
        total: users.body.total,
        users: users.body.items,
        version: global.body.version,
        victim: [victim.status, victim.body],
      });
    }

    it.each(TARGETS)(
      '%s.%s: every operator object, array, number and nested object is 400 and changes nothing',
      async (key, field, legitimate, rest) => {
        const endpoint: BodyEndpoint = ENDPOINTS[key];
        const before = await state();
        const tried: string[] = [];

        for (const [name, payload] of PAYLOADS) {
          if (legitimate.includes(name)) continue;
          const body = {
            ...endpoint.valid(actors),
            ...rest,
            [field]: payload,
          };

          const res = await endpoint.request(f, actors).send(body);

          tried.push(name);
          expect(res.status, `${endpoint.name} ${field} = ${name}`).toBe(400);
          expectError(res, 400, 'validation_failed');
          // The offending value is never echoed back.
          expect(res.text).not.toContain('$');
          expect(res.text).not.toContain('sleep(');
        }

        expect(tried.length).toBeGreaterThanOrEqual(PAYLOADS.length - 1);
        expect(await state()).toBe(before);
      },
    );

    it('the same bodies without the injected field are accepted (each base body is valid)', async () => {
      const own = await registerAndLogin(f, 'base');
      const mine: Actors = { admin: actors.admin, victim: own };

      for (const key of Object.keys(ENDPOINTS) as EndpointKey[]) {
        const endpoint: BodyEndpoint = ENDPOINTS[key];
        const body =
          key === 'patchUser' ? { roles: ['user'] } : endpoint.valid(mine);
        const res = await endpoint.request(f, mine).send(body);
        expect(res.status, endpoint.name).toBeLessThan(300);
      }
    });

    it('a query-string operator on the admin listing is 400 as well', async () => {
      const res = await f.http
        .get('/auth/admin/users?limit[$gt]=0&skip[$ne]=1')
        .set(...bearer(actors.admin.accessToken));

      expectError(res, 400, 'validation_failed');
    });
  },
);

describe.each(ADAPTERS)(
  'security: whitespace, control characters and length limits (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    const register = (body: object) => f.http.post('/auth/register').send(body);
    const login = (body: object) => f.http.post('/auth/login').send(body);

    it.each([
      ['whitespace only', '   '],
      ['tabs only', '\t\t\t'],
      ['a NUL character', 'ali\u0000ce'],
      ['a bell character', 'alice\u0007'],
      ['CR LF (log/header injection)', 'ali\r\nce'],
      ['an escape sequence', 'alice\u001b[31m'],
      ['a zero-width space', 'ali\u200bce'],
      ['a right-to-left override', 'alice\u202e'],
      ['a soft hyphen', 'ali\u00adce'],
      ['surrounding spaces', ' alice '],
      ['a fullwidth space between letters', 'ali\u3000ce'],
    ])(
      'register: a username with %s is 400 and creates nothing',
      async (_name, username) => {
        const user = newUser('ctl');

        const res = await register({ ...user, username });

        expectError(res, 400, 'validation_failed');
        await register(user).expect(201); // The same email was not taken.
      },
    );

    it.each([
      ['whitespace only', '   '],
      ['a leading space', ' someone@example.test'],
      ['a trailing space', 'someone@example.test '],
      ['a NUL character', 'some\u0000one@example.test'],
      ['CR LF', 'someone@exa\r\nmple.test'],
      ['two @', 'some@one@example.test'],
      [
        '255 characters',
        `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.test`,
      ],
    ])(
      'register: an email with %s is 400 and creates nothing',
      async (_name, email) => {
        const user = newUser('mail');

        const res = await register({ ...user, email });

        expectError(res, 400, 'validation_failed');
        await register(user).expect(201);
      },
    );

    it('register: an email of exactly 254 characters is accepted (255 is refused above)', async () => {
      const user = newUser('long');
      const local = user.username.padEnd(64, 'x');
      const email = `${local}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(56)}.test`;
      expect(email).toHaveLength(254);

      await register({ ...user, email }).expect(201);
    });

    it('login: whitespace-only, control-character and padded identifiers answer exactly like an unknown user', async () => {
      const user = newUser('pad');
      await register(user).expect(201);
      const unknown = await login({
        username: 'nobody-at-all',
        password: 'password123',
      });
      expectUnauthorized(unknown, 'invalid_credentials');

      for (const username of [
        '   ',
        '\u0000\u0000',
        `${user.username}\r\n`,
        ` ${user.username} `,
        `${user.username}\u0000`,
      ]) {
        const res = await login({ username, password: user.password });
        expect(res.status).toBe(401);
        expect(res.text).toBe(unknown.text);
      }
    });

    it('refresh and introspection: a whitespace-only or control-character token is simply unknown', async () => {
      for (const token of ['   ', '\u0000', '\r\n']) {
        expectUnauthorized(
          await f.http.post('/auth/refresh').send({ refresh_token: token }),
          'invalid_token',
        );
        const introspected = await f.http
          .post('/auth/introspect')
          .auth(
            INTROSPECTION_CLIENT.clientId,
            INTROSPECTION_CLIENT.clientSecret,
          )
          .send({ token });
        expect(introspected.status).toBe(200);
        expect(introspected.body).toEqual({ active: false });
      }
    });

    it('refresh: a token longer than any refresh token (513 characters) is 400, not a look-up', async () => {
      const res = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: 'A'.repeat(513) });

      expectError(res, 400, 'validation_failed');
    });

    it('login: a password over 4096 characters is 400', async () => {
      const res = await login({
        username: 'someone',
        password: 'p'.repeat(4097),
      });

      expectError(res, 400, 'validation_failed');
    });
  },
);

/** A JSON body of exactly `bytes` bytes: `field` padded with "a". */
function bodyOfBytes(
  bytes: number,
  field = 'username',
  extra: Record<string, unknown> = {},
): string {
  const skeleton = JSON.stringify({ ...extra, [field]: '' });
  const padding = bytes - Buffer.byteLength(skeleton);
  const body = JSON.stringify({ ...extra, [field]: 'a'.repeat(padding) });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

/** `depth` objects nested in each other under `field`. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe.each(ADAPTERS)(
  'security: body size, nesting and content type (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    let admin: Session;
    let victim: Session;

    beforeAll(async () => {
      admin = await adminLogin(f);
      victim = await registerAndLogin(f);
    });

    /** Every Tokenward route that reads a body, each with the credentials it needs. */
    const routes: Array<[string, (f: FixtureApp) => Test]> = [
      ['POST /auth/register', () => f.http.post('/auth/register')],
      ['POST /auth/login', () => f.http.post('/auth/login')],
      ['POST /auth/refresh', () => f.http.post('/auth/refresh')],
      [
        'POST /auth/logout',
        () => f.http.post('/auth/logout').set(...bearer(victim.accessToken)),
      ],
      [
        'POST /auth/introspect',
        () =>
          f.http
            .post('/auth/introspect')
            .auth(
              INTROSPECTION_CLIENT.clientId,
              INTROSPECTION_CLIENT.clientSecret,
            ),
      ],
      [
        'POST /auth/admin/rotations/global',
        () =>
          f.http
            .post('/auth/admin/rotations/global')
            .set(...bearer(admin.accessToken)),
      ],
      [
        'POST /auth/admin/users/:id/rotations',
        () =>
          f.http
            .post(`/auth/admin/users/${victim.userId}/rotations`)
            .set(...bearer(admin.accessToken)),
      ],
      [
        'PATCH /auth/admin/users/:id',
        () =>
          f.http
            .patch(`/auth/admin/users/${victim.userId}`)
            .set(...bearer(admin.accessToken)),
      ],
    ];
    /** The global version and the victim as an admin sees them. */
    async function adminView(): Promise<unknown> {
      const users = await f.http
        .get('/auth/admin/users?limit=100')
        .set(...bearer(admin.accessToken))
        .expect(200);
      const global = await f.http
        .get('/auth/admin/rotations/global')
        .set(...bearer(admin.accessToken))
        .expect(200);
      return {
        version: global.body.version,
        victim: users.body.items.find(
          (u: { id: string }) => u.id === victim.userId,
        ),
      };
    }
    const json = (req: Test, body: string) =>
      req.set('Content-Type', 'application/json').send(body);

    it.each(routes)(
      '%s: 16 KiB + 1 byte is 413 payload_too_large; exactly 16 KiB is not',
      async (_name, route) => {
        const over = await json(route(f), bodyOfBytes(16 * 1024 + 1));
        expectError(over, 413, 'payload_too_large');

        const limit = await json(route(f), bodyOfBytes(16 * 1024));
        expect(limit.status).not.toBe(413);
        expect(limit.status).toBeLessThan(500);
      },
    );

    it.each(routes)(
      '%s: a 17 KiB body sent chunked (no Content-Length) is 413 as well',
      async (_name, route) => {
        const body = bodyOfBytes(17 * 1024);
        const res = await new Promise<import('supertest').Response>(
          (resolve, reject) => {
            const req = route(f).set('Content-Type', 'application/json');
            req.write(body.slice(0, 1000));
            req.write(body.slice(1000));
            req.end((error, response) =>
              response ? resolve(response) : reject(error),
            );
          },
        );

        const sent = res.request as unknown as { header: object };
        expect(sent.header).not.toHaveProperty('Content-Length');
        expectError(res, 413, 'payload_too_large');
      },
    );

    it('a body beyond the framework parser’s own limit (2 MiB) is a 413, never a 5xx', async () => {
      const res = await json(
        f.http.post('/auth/login'),
        bodyOfBytes(2 * 1024 * 1024),
      );

      expect(res.status).toBe(413);
      expect(res.text).not.toContain('    at ');
    });

    it('register: an oversized body creates nothing', async () => {
      const user = newUser('big');
      const body = bodyOfBytes(16 * 1024 + 1, 'padding', user);

      expect((await json(f.http.post('/auth/register'), body)).status).toBe(
        413,
      );

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
    });

    it.each(routes)(
      '%s: a body nested 9 levels deep is 400; 8 levels get past the nesting check',
      async (_name, route) => {
        const deep = await route(f).send({ x: nested(8) });
        const body = expectError(deep, 400, 'validation_failed');
        expect(body.message).toBe('request body is nested too deeply');

        const fine = await route(f).send({ x: nested(7) });
        expect(fine.status).toBeLessThan(500);
        expect(fine.body.message).not.toBe('request body is nested too deeply');
      },
    );

    it('a body nested 5000 levels deep (arrays) is 400, never a stack overflow', async () => {
      const res = await json(
        f.http.post('/auth/login'),
        `{"username":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`,
      );

      expect(res.status).toBe(400);
      expect(res.text).not.toContain('    at ');
    });

    it.each(routes)(
      '%s: malformed JSON is 400, never a 5xx',
      async (_name, route) => {
        for (const text of [
          '{"username":',
          "{'a': 1}",
          '{"a":1,}',
          '{"a":NaN}',
        ]) {
          const res = await json(route(f), text);
          expect(res.status, text).toBe(400);
          expect(res.text).not.toContain('    at ');
        }
      },
    );

    it.each(routes)(
      '%s: a body in another content type is 415',
      async (_name, route) => {
        for (const type of [
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
        ]) {
          const res = await route(f)
            .set('Content-Type', type)
            .send('username=a&password=b');
          expect(res.status, type).toBe(415);
        }
      },
    );

    it('register: a body in another content type creates nothing', async () => {
      const user = newUser('type');
      await f.http
        .post('/auth/register')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(user))
        .expect(415);

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
    });

    it.each([
      ['__proto__', (v: string) => `{"__proto__":${v}}`],
      ['constructor', (v: string) => `{"constructor":${v}}`],
      [
        'constructor.prototype',
        (v: string) => `{"constructor":{"prototype":${v}}}`,
      ],
      ['nested __proto__', (v: string) => `{"x":{"__proto__":${v}}}`],
    ])(
      'a body with a %s key is 400 on every route, and Object.prototype stays clean',
      async (_name, wrap) => {
        const before = await adminView();
        for (const [routeName, route] of routes) {
          const res = await json(
            route(f),
            wrap('{"polluted":"yes","is_active":false,"roles":["admin"]}'),
          );
          expect(res.status, routeName).toBe(400);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).roles).toBeUndefined();
        expect(await adminView()).toEqual(before);
      },
    );

    it('register: a __proto__ key cannot grant roles nor slip past the unknown-property rule', async () => {
      const user = newUser('proto');
      const res = await json(
        f.http.post('/auth/register'),
        JSON.stringify(user).replace(/}$/, ',"__proto__":{"roles":["admin"]}}'),
      );

      expect(res.status).toBe(400);
      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
    });

    it('PATCH: null for is_active or roles is 400 and changes nothing (null is not "absent")', async () => {
      const target = await registerAndLogin(f, 'nulls');

      for (const body of [
        { is_active: null },
        { roles: null },
        { is_active: null, roles: null },
        { is_active: null, roles: ['staff'] },
      ]) {
        const res = await f.http
          .patch(`/auth/admin/users/${target.userId}`)
          .set(...bearer(admin.accessToken))
          .send(body);
        expectError(res, 400, 'validation_failed');
      }

      const me = await f.http
        .get('/auth/me')
        .set(...bearer(target.accessToken))
        .expect(200);
      expect(me.body).toMatchObject({ is_active: true, roles: ['user'] });
    });
  },
);

describe.each(ADAPTERS)(
  'security: a smaller configured maxBodyBytes (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, options: { maxBodyBytes: 1024 } });

    it('applies the configured limit instead of 16 KiB', async () => {
      const over = await f.http
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send(bodyOfBytes(1025));
      expectError(over, 413, 'payload_too_large');

      const at = await f.http
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send(bodyOfBytes(1024));
      expect(at.status).toBe(400);
    });
  },
);

describe.each(ADAPTERS)(
  'security: framework-level errors with globalErrorFilter (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, globalErrorFilter: true });

    it.each(['{"username":', "{'a': 1}", '{"a":1,}', 'not json at all'])(
      'malformed JSON %j: 400 validation_failed in Tokenward’s format',
      async (text) => {
        const res = await f.http
          .post('/auth/login')
          .set('Content-Type', 'application/json')
          .send(text);

        expectError(res, 400, 'validation_failed');
        expect(res.headers['cache-control']).toBe('no-store');
      },
    );

    it('a body beyond the parser’s limit: 413 payload_too_large in Tokenward’s format', async () => {
      const res = await f.http
        .post('/auth/login')
        .set('Content-Type', 'application/json')
        .send(bodyOfBytes(2 * 1024 * 1024));

      expectError(res, 413, 'payload_too_large');
    });

    it.each(['text/plain', 'application/xml', 'application/octet-stream'])(
      'content type %s: 415 unsupported_media_type in Tokenward’s format',
      async (type) => {
        const res = await f.http
          .post('/auth/login')
          .set('Content-Type', type)
          .send('x');

        expectError(res, 415, 'unsupported_media_type');
      },
    );

    it('an unknown route: 404 not_found in Tokenward’s format', async () => {
      expectError(await f.http.get('/auth/nope'), 404, 'not_found');
      expectError(await f.http.delete('/auth/login'), 404, 'not_found');
    });
  },
);
