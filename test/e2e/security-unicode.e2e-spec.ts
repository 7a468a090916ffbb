// Issue 11 item 3: no 5xx from any string. A JSON string may hold ill-formed UTF-16 (a lone
// surrogate, written `\ud800`), which is no character: `{"email":"\ud800"}` on register was a 500
// (class-validator's IsEmail threw) and an admin `reason` of `"\ud800"` was stored. Every string
// field of every route, and every key, is now a 400 `validation_failed` before any validator runs,
// on both adapters and both stores, and nothing is changed by such a request. Well-formed text —
// astral characters, noncharacters, control characters — is not affected by this rule.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
} from '../support/fixture-app.js';
import { expectError } from '../support/http-assertions.js';
import {
  ADAPTERS_AND_STORES,
  useStoredFixtureApp,
} from '../support/stored-fixture.js';

/** Ill-formed UTF-16, each kind of it. */
const MALFORMED: ReadonlyArray<[string, string]> = [
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate inside text', 'ab\udc00cd'],
  ['a reversed surrogate pair', '\udc00\ud800'],
  ['a high surrogate at the end', 'alice-smith\udbff'],
];

const basic = `Basic ${Buffer.from(`${INTROSPECTION_CLIENT.clientId}:${INTROSPECTION_CLIENT.clientSecret}`).toString('base64')}`;

interface Route {
  readonly name: string;
  readonly method: 'post' | 'patch';
  path(): string;
  authorization(): string | undefined;
  /** A body the route accepts; each test replaces one field of it. */
  body(): Record<string, unknown>;
  /** String fields, and whether the field is a list of strings. */
  readonly fields: ReadonlyArray<[string, 'text' | 'list']>;
}

describe.each(ADAPTERS_AND_STORES)(
  'security: ill-formed UTF-16 is a 400 (%s, %s storage)',
  (adapter, storage) => {
    const f = useStoredFixtureApp(storage, `unicode-${adapter}`, { adapter });
    let admin: Awaited<ReturnType<typeof adminLogin>>;
    let member: Awaited<ReturnType<typeof registerAndLogin>>;

    beforeAll(async () => {
      admin = await adminLogin(f);
      member = await registerAndLogin(f);
    });

    const asAdmin = () => `Bearer ${admin.accessToken}`;
    const routes: Route[] = [
      {
        name: 'POST /auth/register',
        method: 'post',
        path: () => '/auth/register',
        authorization: () => undefined,
        body: () => newUser('uni'),
        fields: [
          ['username', 'text'],
          ['email', 'text'],
          ['password', 'text'],
        ],
      },
      {
        name: 'POST /auth/login',
        method: 'post',
        path: () => '/auth/login',
        authorization: () => undefined,
        body: () => ({
          username: member.credentials.username,
          password: member.credentials.password,
        }),
        fields: [
          ['username', 'text'],
          ['password', 'text'],
        ],
      },
      {
        name: 'POST /auth/refresh',
        method: 'post',
        path: () => '/auth/refresh',
        authorization: () => undefined,
        body: () => ({ refresh_token: 'r'.repeat(43) }),
        fields: [['refresh_token', 'text']],
      },
      {
        name: 'POST /auth/introspect',
        method: 'post',
        path: () => '/auth/introspect',
        authorization: () => basic,
        body: () => ({
          token: member.accessToken,
          token_type_hint: 'access_token',
        }),
        fields: [
          ['token', 'text'],
          ['token_type_hint', 'text'],
        ],
      },
      {
        name: 'POST /auth/admin/rotations/global',
        method: 'post',
        path: () => '/auth/admin/rotations/global',
        authorization: asAdmin,
        body: () => ({ reason: 'drill', grace_period_seconds: 60 }),
        fields: [['reason', 'text']],
      },
      {
        name: 'POST /auth/admin/rotations/keys',
        method: 'post',
        path: () => '/auth/admin/rotations/keys',
        authorization: asAdmin,
        body: () => ({ reason: 'drill' }),
        fields: [['reason', 'text']],
      },
      {
        name: 'POST /auth/admin/users/:id/rotations',
        method: 'post',
        path: () => `/auth/admin/users/${member.userId}/rotations`,
        authorization: asAdmin,
        body: () => ({ reason: 'lost laptop' }),
        fields: [['reason', 'text']],
      },
      {
        name: 'PATCH /auth/admin/users/:id',
        method: 'patch',
        path: () => `/auth/admin/users/${member.userId}`,
        authorization: asAdmin,
        body: () => ({ roles: ['user', 'staff'], reason: 'promotion' }),
        fields: [
          ['roles', 'list'],
          ['reason', 'text'],
        ],
      },
    ];

    /** JSON.stringify writes a lone surrogate as the escape `\ud800`: it arrives as sent. */
    const send = (route: Route, body: Record<string, unknown>) => {
      let test = f.http[route.method](route.path())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      const authorization = route.authorization();
      if (authorization !== undefined)
        test = test.set('Authorization', authorization);
      return test;
    };

    /** What a malformed request could have changed, on this store. */
    const state = async () => {
      const [audit, global, users, me] = await Promise.all([
        f.http
          .get('/auth/admin/audit?limit=1')
          .set(...bearer(admin.accessToken)),
        f.http
          .get('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken)),
        f.http
          .get('/auth/admin/users?limit=1')
          .set(...bearer(admin.accessToken)),
        f.http.get('/auth/me').set(...bearer(member.accessToken)),
      ]);
      return {
        auditRecords: audit.body.total,
        globalVersion: global.body.version,
        users: users.body.total,
        member: { status: me.status, roles: me.body.roles },
      };
    };

    it('the issue’s case: {"email":"\\ud800"} on register is a 400, not a 500', async () => {
      const body = { ...newUser('issue'), email: '\ud800' };

      const res = await send(routes[0]!, body);

      expectError(res, 400, 'validation_failed');
      expect(res.body.details).toEqual([expect.any(String)]);
    });

    it('every string field of every route: each kind of ill-formed text is a 400, and changes nothing', async () => {
      const before = await state();
      expect(before.globalVersion).toBeGreaterThan(0);

      for (const route of routes) {
        for (const [field, kind] of route.fields) {
          for (const [label, text] of MALFORMED) {
            const body = {
              ...route.body(),
              [field]: kind === 'list' ? ['user', text] : text,
            };
            const res = await send(route, body);
            expect(
              [res.status, res.body.code],
              `${route.name} ${field}: ${label}`,
            ).toEqual([400, 'validation_failed']);
          }
        }
      }

      expect(await state()).toEqual(before);
      // The registrations that were refused left their username and email free.
      await send(routes[0]!, newUser('uni')).expect(201);
    });

    it('every route: an ill-formed key is a 400, even where the body is not read (logout)', async () => {
      const logout = {
        name: 'POST /auth/logout',
        method: 'post' as const,
        path: () => '/auth/logout',
        authorization: () => `Bearer ${member.accessToken}`,
        body: () => ({}),
        fields: [],
      };
      const before = await state();

      for (const route of [...routes, logout]) {
        for (const [label, text] of MALFORMED) {
          const res = await send(route, { ...route.body(), [text]: 'x' });
          expect(
            [res.status, res.body.code],
            `${route.name}: key with ${label}`,
          ).toEqual([400, 'validation_failed']);
        }
        const nested = await send(route, {
          ...route.body(),
          extra: { ['\ud83d']: 1 },
        });
        expect([nested.status, nested.body.code], route.name).toEqual([
          400,
          'validation_failed',
        ]);
      }

      // The member's session survived the refused logouts.
      expect(await state()).toEqual(before);
    });

    it('well-formed text is not affected: astral characters, noncharacters and control characters still work', async () => {
      const user = {
        ...newUser('astral'),
        password: 'pass 😀\ufffe\u{10ffff}\u0007 word',
      };
      await send(routes[0]!, user).expect(201);
      const login = await send(routes[1]!, {
        username: user.username,
        password: user.password,
      });
      expect(login.status).toBe(200);

      const rotation = await send(routes[4]!, {
        reason: 'drill 😀 \ufdd0\ufffe\u{1fffe} \u0000\u001b',
      });
      expect(rotation.status).toBe(201);
    });

    it('introspection form fields: surrogate and invalid UTF-8 bytes decode to U+FFFD, an unknown token', async () => {
      for (const form of [
        'token=%ED%A0%80',
        'token=%FF%FE&token_type_hint=access_token',
        'token=x&token_type_hint=%ED%B0%80',
        '%ED%A0%80=1&token=x',
      ]) {
        const res = await f.http
          .post('/auth/introspect')
          .set('Authorization', basic)
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send(form);
        expect(res.status, form).toBeGreaterThanOrEqual(200);
        expect(res.status, form).toBeLessThan(500);
        if (res.status === 200)
          expect(res.body, form).toEqual({ active: false });
      }
    });

    it('query strings and path parameters: surrogate and invalid UTF-8 bytes are a 4xx, never a 5xx', async () => {
      for (const path of [
        '/auth/admin/users?skip=%ED%A0%80',
        '/auth/admin/users?%ED%A0%80=1',
        '/auth/admin/users?limit=%FF',
        '/auth/admin/audit?skip=%ED%B0%80',
        '/auth/admin/users/%ED%A0%80',
      ]) {
        const res = await f.http.get(path).set(...bearer(admin.accessToken));
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
      const patch = await f.http
        .patch('/auth/admin/users/%ED%A0%80')
        .set(...bearer(admin.accessToken))
        .send({ is_active: false });
      expect(patch.status).toBeGreaterThanOrEqual(400);
      expect(patch.status).toBeLessThan(500);
    });
  },
);
