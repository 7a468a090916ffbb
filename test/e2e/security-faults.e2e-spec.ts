// Issue 4, "Races and faults" (storage down, stale revocation state) and "Secrets" (nothing of a
// secret in start-up errors). Storage fails through the memory repositories registered under the
// internal stored tokens (`storedToken`), which the module wraps fail-closed exactly as it wraps its own
// adapters; a host's own override of a public port is shown at the end.
import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Test } from '@nestjs/testing';
import type { Response } from 'supertest';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  startFixtureApp,
  TEST_SECRET,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  expectError,
  expectNoLeaks,
  timed,
} from '../support/http-assertions.js';
import { Outage, storageWithOutage } from '../support/security.js';
import {
  MemoryUserRepository,
  TokenwardConfigError,
  UserRepository,
} from '../support/tokenward.js';
import { AppModule } from '../../example/app.module.js';
import { validateExampleEnv } from '../../example/example-env.js';

const ADAPTERS = ['express', 'fastify'] as const;

/** 503 storage_unavailable in Tokenward's format, with `Retry-After` when `retryAfter` is set. */
function expectUnavailable(res: Response, retryAfter = true): void {
  expectError(res, 503, 'storage_unavailable');
  if (retryAfter) expect(res.headers['retry-after']).toBe('1');
}

/** Sends `requests` at once: each a 503 storage_unavailable with Retry-After, within `boundMs`. */
async function expectUnavailableWithin(
  requests: ReadonlyArray<PromiseLike<Response>>,
  boundMs: number,
): Promise<Response[]> {
  const answers = await Promise.all(requests.map(timed));
  for (const { res, ms } of answers) {
    expectUnavailable(res);
    expect(ms).toBeLessThan(boundMs);
  }
  return answers.map(({ res }) => res);
}

describe.each(ADAPTERS)('security: storage down (%s)', (adapter) => {
  const outage = new Outage();
  const f = useFixtureApp({
    adapter,
    options: {},
    providers: storageWithOutage(outage),
  });

  afterEach(() => {
    outage.down = false;
  });

  it('every Tokenward route that needs storage answers 503 storage_unavailable with Retry-After, never 500', async () => {
    const admin = await adminLogin(f);
    const s = await registerAndLogin(f);
    // The admin is the cached user: its token passes the guard from memory.
    await f.http
      .get('/auth/me')
      .set(...bearer(admin.accessToken))
      .expect(200);
    outage.down = true;

    const asAdmin = bearer(admin.accessToken);
    const responses: Array<[string, Response]> = [
      [
        'login',
        await f.http.post('/auth/login').send({
          username: s.credentials.username,
          password: s.credentials.password,
        }),
      ],
      ['register', await f.http.post('/auth/register').send(newUser())],
      [
        'refresh',
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: s.refreshToken }),
      ],
      ['me', await f.http.get('/auth/me').set(...asAdmin)],
      ['logout-all', await f.http.post('/auth/logout-all').set(...asAdmin)],
      ['list users', await f.http.get('/auth/admin/users').set(...asAdmin)],
      ['audit trail', await f.http.get('/auth/admin/audit').set(...asAdmin)],
      [
        'global state',
        await f.http.get('/auth/admin/rotations/global').set(...asAdmin),
      ],
      [
        'global rotation',
        await f.http
          .post('/auth/admin/rotations/global')
          .set(...asAdmin)
          .send({}),
      ],
      [
        'user rotation',
        await f.http
          .post(`/auth/admin/users/${s.userId}/rotations`)
          .set(...asAdmin)
          .send({}),
      ],
      [
        'deactivation',
        await f.http
          .patch(`/auth/admin/users/${s.userId}`)
          .set(...asAdmin)
          .send({ is_active: false }),
      ],
      ['logout', await f.http.post('/auth/logout').set(...asAdmin)],
    ];

    for (const [name, res] of responses) {
      expect(res.status, name).toBe(503);
      expectUnavailable(res);
      expect(res.text).not.toContain('simulated storage outage');
    }

    // Nothing happened while storage was down: the user's session is intact.
    outage.down = false;
    await f.http
      .post('/auth/refresh')
      .send({ refresh_token: s.refreshToken })
      .expect(200);
  });

  it('the guard reads no user from storage: it serves from memory while the state is fresh enough, routes that read the user answer 503, and past revocationMaxStalenessMs the guard fails closed too', async () => {
    const s = await registerAndLogin(f);
    await registerAndLogin(f);
    outage.down = true;

    // Everything the guard needs is in the token and the in-memory state (issue 17).
    await f.http
      .get('/hello')
      .set(...bearer(s.accessToken))
      .expect(200);
    // These read the user as stored.
    expectUnavailable(
      await f.http.get('/auth/me').set(...bearer(s.accessToken)),
    );
    const introspected = await f.http
      .post('/auth/introspect')
      .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
      .send({ token: s.accessToken });
    expectUnavailable(introspected);

    // Past revocationMaxStalenessMs (10 s) nothing is granted on a state that cannot be refreshed.
    f.clock.advanceSeconds(11);
    for (const path of ['/auth/me', '/hello', '/staff']) {
      const res = await f.http.get(path).set(...bearer(s.accessToken));
      expect(res.status, path).toBe(503);
      // Host routes answer through the guard alone, which sets Retry-After itself.
      expectUnavailable(res, true);
    }

    outage.down = false;
    await f.http
      .get('/hello')
      .set(...bearer(s.accessToken))
      .expect(200);
  });
});

describe.each(ADAPTERS)(
  'security: revocation state older than revocationMaxStalenessMs (%s)',
  (adapter) => {
    const outage = new Outage();
    const f = useFixtureApp({ adapter, providers: storageWithOutage(outage) });

    afterEach(() => {
      outage.down = false;
    });

    it('revocation state: served from memory up to revocationMaxStalenessMs (10 s), then 503 on every guarded route until storage answers', async () => {
      const s = await registerAndLogin(f);
      const admin = await adminLogin(f);
      outage.down = true;

      // Within the bound: the cached state still decides (documented behaviour).
      f.clock.advanceSeconds(5);
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);

      // Beyond it: fail closed everywhere, for every token.
      f.clock.advanceSeconds(6);
      const attempts = () => [
        f.http.get('/hello').set(...bearer(s.accessToken)),
        f.http.get('/auth/me').set(...bearer(s.accessToken)),
        f.http.get('/staff').set(...bearer(admin.accessToken)),
        f.http.get('/auth/admin/users').set(...bearer(admin.accessToken)),
        f.http
          .post('/auth/admin/rotations/global')
          .set(...bearer(admin.accessToken))
          .send({}),
        f.http
          .post('/auth/introspect')
          .auth(
            INTROSPECTION_CLIENT.clientId,
            INTROSPECTION_CLIENT.clientSecret,
          )
          .send({ token: s.accessToken }),
      ];
      for (let i = 0; i < 3; i += 1) {
        for (const res of await Promise.all(attempts())) {
          expect(res.status).toBe(503);
          expectError(res, 503, 'storage_unavailable');
        }
      }

      outage.down = false;
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);
    });

    it('a cached revocation stays in force during an outage: a logged-out token is never served from stale state', async () => {
      const s = await registerAndLogin(f);
      await f.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);
      outage.down = true;

      // Stale but within the bound: the revocation known in memory still refuses the token.
      for (const seconds of [1, 4]) {
        f.clock.advanceSeconds(seconds);
        expectError(
          await f.http.get('/hello').set(...bearer(s.accessToken)),
          401,
          'token_revoked',
        );
      }
      // Beyond the bound: 503, still never a 200.
      f.clock.advanceSeconds(6);
      expectError(
        await f.http.get('/hello').set(...bearer(s.accessToken)),
        503,
        'storage_unavailable',
      );
    });
  },
);

describe.each(ADAPTERS)(
  'security: a configured revocationMaxStalenessMs of 3 s (%s)',
  (adapter) => {
    const outage = new Outage();
    const f = useFixtureApp({
      adapter,
      options: { revocationMaxStalenessMs: 3000 },
      providers: storageWithOutage(outage),
    });

    afterEach(() => {
      outage.down = false;
    });

    it('serves at 2.5 s of staleness and fails closed at 3.5 s', async () => {
      const s = await registerAndLogin(f);
      outage.down = true;

      f.clock.advance(2500);
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);
      f.clock.advance(1000);
      expectError(
        await f.http.get('/hello').set(...bearer(s.accessToken)),
        503,
        'storage_unavailable',
      );
    });
  },
);

/** What a storage-bound request may cost here: the 300 ms timeout plus a busy machine's slack. */
const HUNG_BOUND_MS = 3000;

describe.each(ADAPTERS)(
  'security: a storage that never answers, with storageTimeoutMs 300 (%s)',
  (adapter) => {
    const outage = new Outage();
    const f = useFixtureApp({
      adapter,
      options: { storageTimeoutMs: 300 },
      providers: storageWithOutage(outage),
    });

    afterEach(() => {
      outage.hung = false;
    });

    it('a cached token is served from memory inside revocationMaxStalenessMs; what needs storage answers 503 with Retry-After within the bound; past the window everything does', async () => {
      const s = await registerAndLogin(f);
      const other = await registerAndLogin(f);
      outage.hung = true;

      f.clock.advanceSeconds(5);
      // The guard reads no user: both tokens pass from memory.
      for (const token of [other.accessToken, s.accessToken]) {
        await f.http
          .get('/hello')
          .set(...bearer(token))
          .expect(200);
      }
      const needStorage = [
        f.http.post('/auth/login').send({
          username: s.credentials.username,
          password: s.credentials.password,
        }),
        f.http.post('/auth/register').send(newUser()),
        f.http.get('/auth/me').set(...bearer(other.accessToken)),
      ];
      await expectUnavailableWithin(needStorage, HUNG_BOUND_MS);

      f.clock.advanceSeconds(6);
      const guarded = [
        f.http.get('/hello').set(...bearer(other.accessToken)),
        f.http.get('/auth/me').set(...bearer(other.accessToken)),
        f.http
          .post('/auth/introspect')
          .auth(
            INTROSPECTION_CLIENT.clientId,
            INTROSPECTION_CLIENT.clientSecret,
          )
          .send({ token: other.accessToken }),
        f.http
          .post('/auth/refresh')
          .send({ refresh_token: other.refreshToken }),
      ];
      await expectUnavailableWithin(guarded, HUNG_BOUND_MS);

      // Back once storage answers: a poll that began while it hung may still be running (one at a
      // time), so the first request after recovery can meet its 503; within the bound, 200.
      outage.hung = false;
      const deadline = Date.now() + HUNG_BOUND_MS;
      let back = await f.http.get('/hello').set(...bearer(other.accessToken));
      while (back.status !== 200 && Date.now() < deadline) {
        expectUnavailable(back);
        await new Promise((resolve) => setTimeout(resolve, 50));
        back = await f.http.get('/hello').set(...bearer(other.accessToken));
      }
      expect(back.status).toBe(200);
    });
  },
);

/** A repository a host wrote itself, failing like an unreachable database with internals in its text. */
class HostUserRepository extends MemoryUserRepository {
  down = false;
  /** While set, look-ups never answer, like a frozen database's. */
  hung = false;

  private fail(): never {
    throw new Error(
      'connect ECONNREFUSED 10.0.0.7:27017 $argon2id$v=19$m=19456 passwordHash',
    );
  }

  override async findByUsername(name: string) {
    if (this.hung) return new Promise<never>(() => undefined);
    if (this.down) this.fail();
    return super.findByUsername(name);
  }

  override async findById(id: string) {
    if (this.hung) return new Promise<never>(() => undefined);
    if (this.down) this.fail();
    return super.findById(id);
  }
}

describe.each(ADAPTERS)(
  'security: a host’s own UserRepository that throws or never answers (%s)',
  (adapter) => {
    const repository = new HostUserRepository();
    const f = useFixtureApp({
      adapter,
      options: { storageTimeoutMs: 300 },
      providers: [{ provide: UserRepository, useValue: repository }],
    });

    afterEach(() => {
      repository.down = false;
      repository.hung = false;
    });

    it('is wrapped fail-closed like the built-in adapters: 503 everywhere, nothing granted, no internals', async () => {
      const s = await registerAndLogin(f);
      await registerAndLogin(f);
      repository.down = true;

      expectError(
        await f.http.get('/auth/me').set(...bearer(s.accessToken)),
        503,
        'storage_unavailable',
      );
      const login = await f.http.post('/auth/login').send({
        username: s.credentials.username,
        password: s.credentials.password,
      });
      expectError(login, 503, 'storage_unavailable');
      expect(login.headers['retry-after']).toBe('1');
      expect(login.body.access_token).toBeUndefined();
      expectNoLeaks(login);
      expect(login.text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|passwordHash/);
    });

    it('gets the same storageTimeoutMs bound as the built-in adapters: 503 with Retry-After, never a hang', async () => {
      const s = await registerAndLogin(f);
      await registerAndLogin(f);
      repository.hung = true;

      const answers = await expectUnavailableWithin(
        [
          f.http.get('/auth/me').set(...bearer(s.accessToken)),
          f.http.post('/auth/login').send({
            username: s.credentials.username,
            password: s.credentials.password,
          }),
        ],
        HUNG_BOUND_MS,
      );
      for (const res of answers) expect(res.body.access_token).toBeUndefined();

      repository.hung = false;
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);
    });
  },
);

describe.each(ADAPTERS)(
  'security: start-up with unusable options never shows a secret (%s)',
  (adapter) => {
    /** Every rendering of the error a host could end up logging. */
    async function startFailure(
      options: Record<string, unknown>,
      async = false,
    ): Promise<{ error: unknown; text: string }> {
      let app: FixtureApp | undefined;
      try {
        app = await startFixtureApp({ adapter, async, options });
      } catch (error) {
        const e = error as Error & { problems?: unknown };
        return {
          error,
          text: [
            String(error),
            e.stack,
            inspect(error, { depth: 5 }),
            JSON.stringify(e.problems ?? null),
            JSON.stringify(error),
          ].join('\n'),
        };
      } finally {
        await app?.close();
      }
      throw new Error('the app started');
    }

    it.each([false, true])(
      'a secret shorter than 32 bytes is refused without being echoed (forRootAsync: %s)',
      async (async) => {
        const secret = 'short-SeCrEt-xyz';

        const { error, text } = await startFailure({ secret }, async);

        expect(error).toBeInstanceOf(TokenwardConfigError);
        expect(text).toContain('secret must be at least 32 bytes');
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
        expect(text).not.toContain(Buffer.from(secret).toString('hex'));
      },
    );

    it('a missing secret is refused', async () => {
      const { error, text } = await startFailure({ secret: undefined });

      expect(error).toBeInstanceOf(TokenwardConfigError);
      expect(text).toContain('secret is required');
    });

    it('another bad option next to a valid secret: the secret is not in the error', async () => {
      const { text } = await startFailure({
        secret: TEST_SECRET,
        accessTokenTtlSeconds: -1,
      });

      expect(text).toContain('accessTokenTtlSeconds');
      expect(text).not.toContain(TEST_SECRET);
    });

    it('a too-short introspection client secret is refused without being echoed', async () => {
      const { text } = await startFailure({
        introspectionClients: [
          { clientId: 'svc', clientSecret: 'tiny-SECRET' },
        ],
      });

      expect(text).toContain('introspection client "svc"');
      expect(text).not.toContain('tiny-SECRET');
      expect(text).not.toContain(TEST_SECRET);
    });
  },
);

describe('security: the example app refuses an unusable environment at start-up', () => {
  /** Boots the example module on `env` and returns every rendering of the start-up error. */
  async function exampleStartFailure(
    env: Record<string, string>,
  ): Promise<string> {
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule.register({ env })],
      }).compile();
      await moduleRef.close();
    } catch (error) {
      return [
        String(error),
        (error as Error).stack,
        inspect(error, { depth: 5 }),
      ].join('\n');
    }
    throw new Error('the example started');
  }

  it('NODE_ENV=production without JWT_SECRET is refused; with one it starts; in development a random one is used, with a warning', async () => {
    expect(await exampleStartFailure({ NODE_ENV: 'production' })).toContain(
      'JWT_SECRET is required when NODE_ENV=production',
    );
    expect(
      validateExampleEnv({
        NODE_ENV: 'production',
        JWT_SECRET: TEST_SECRET,
        TOKENWARD_SMTP_URL: 'smtp://127.0.0.1:2525',
        TOKENWARD_APP_URL: 'https://app.example.test',
      }).warnings,
    ).toEqual([]);
    const development = validateExampleEnv({});
    expect(development.warnings).toEqual([
      expect.stringContaining('JWT_SECRET is not set'),
    ]);
    expect(
      Buffer.byteLength(development.auth.secret as string),
    ).toBeGreaterThanOrEqual(32);
  });

  it('a short JWT_SECRET is refused by name, without being echoed', async () => {
    const secret = 'too-short-SeCrEt';

    const text = await exampleStartFailure({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
    });

    expect(text).toContain('JWT_SECRET must be at least 32 bytes');
    expect(text).not.toContain(secret);
  });
});
