// Issue 11, items 1, 5, 6 and 8: counters that hold under real parallel HTTP requests, on both
// adapters and both stores, and across two instances on one MongoDB.
// - the login lockout reserves an attempt before argon2 verifies anything, so a burst on one
//   account gets exactly `maxFailures` verifies, on one instance or two;
// - the lockout says nothing linking an account's username to its email, nor which exist;
// - failed introspection-client authentications are counted per source and per client id;
// - with `storage: 'mongoose'` the rate limits are counted in MongoDB, one budget for every
//   instance; a host can put any @nestjs/throttler storage in their place.
// Lockout time is the fixture's ManualClock; nothing here waits for a window to pass.
import { Agent } from 'node:http';
import { ThrottlerStorageService } from '@nestjs/throttler';
import mongoose from 'mongoose';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
  type FixtureOptions,
} from '../support/fixture-app.js';
import { expectError, expectUnauthorized } from '../support/http-assertions.js';
import {
  RateLimitStorage,
  RegisterUserCommand,
  resolveAuthOptions,
  resolveResourceServerOptions,
  TokenwardConfigError,
  type RateLimitRecord,
} from '../support/tokenward.js';
import { TEST_SECRET } from '../support/fixture-app.js';

type Store = 'memory' | 'mongoose';

const VARIANTS = [
  ['express', 'memory'],
  ['fastify', 'memory'],
  ['express', 'mongoose'],
  ['fastify', 'mongoose'],
] as const satisfies ReadonlyArray<readonly [AdapterName, Store]>;

/** Drops a test database. */
async function dropDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase();
  await connection.close();
}

/**
 * Starts fixture apps before the enclosing `describe`'s tests (one per entry of `instances`, all
 * on one fresh database with `mongoose`) and closes them after. Each returned object forwards to
 * its running app, so tests read `a.http`, `a.clock`, ... directly.
 */
function useApps(
  store: Store,
  label: string,
  instances: ReadonlyArray<FixtureOptions>,
): FixtureApp[] {
  const apps: FixtureApp[] = [];
  let uri: string | undefined;
  beforeAll(async () => {
    uri =
      store === 'mongoose'
        ? uniqueMongoUri(inject('mongoUri'), label)
        : undefined;
    for (const options of instances) {
      apps.push(await startFixtureApp({ ...options, mongoUri: uri }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    if (uri !== undefined) await dropDatabase(uri);
  });
  return instances.map(
    (_, i) =>
      new Proxy({} as FixtureApp, {
        get: (_target, key) => {
          const app = apps[i];
          if (app === undefined) throw new Error('the app is not started yet');
          return Reflect.get(app, key) as unknown;
        },
      }),
  );
}

/** Registers through the command bus: no HTTP request, no rate-limit budget spent. */
async function createUser(
  f: FixtureApp,
  prefix = 'user',
): Promise<ReturnType<typeof newUser>> {
  const user = newUser(prefix);
  await f.commands.execute(
    new RegisterUserCommand(user.username, user.email, user.password),
  );
  return user;
}

const login = (f: FixtureApp, username: string, password: string) =>
  f.http.post('/auth/login').send({ username, password });

function expectLocked(res: Response, retryAfter: number): void {
  expectError(res, 429, 'too_many_attempts');
  expect(res.headers['retry-after']).toBe(String(retryAfter));
  expect(res.headers['www-authenticate']).toBeUndefined();
}

/** How many responses had each status, e.g. `{ 401: 5, 429: 19 }`. */
function statusCounts(responses: readonly Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses)
    counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

/** What a client can observe of an answer: status, body and the lockout header. */
const observed = (res: Response) => ({
  status: res.status,
  body: res.text,
  retryAfter: res.headers['retry-after'],
});

const PARALLEL = 24;

/** Undoes the fixture's `introspectionLockout: false`: the module's defaults apply. */
const INTROSPECTION_LOCKOUT_ON = { introspectionLockout: undefined };

describe.each(VARIANTS)(
  'security: the login lockout cannot be raced (%s, %s storage)',
  (adapter, store) => {
    const [f] = useApps(store, `limits-race-${adapter}`, [{ adapter }]) as [
      FixtureApp,
    ];

    it(`of ${PARALLEL} parallel wrong passwords on one account exactly 5 are checked (401); the rest, and then the right password, are 429 with Retry-After`, async () => {
      const user = await createUser(f, 'race');

      const responses = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          login(f, user.username, `wrong-password-${i}`),
        ),
      );

      expect(statusCounts(responses)).toEqual({ 401: 5, 429: PARALLEL - 5 });
      for (const res of responses) {
        if (res.status === 401) expectUnauthorized(res, 'invalid_credentials');
        else expectLocked(res, 900);
      }
      expectLocked(await login(f, user.username, user.password), 900);
    });
  },
);

describe.each(VARIANTS)(
  'security: the lockout is no oracle (%s, %s storage)',
  (adapter, store) => {
    const [f] = useApps(store, `limits-oracle-${adapter}`, [{ adapter }]) as [
      FixtureApp,
    ];

    /** Six wrong passwords in a row; what each answer looked like. */
    async function sixFailures(identifier: string) {
      const answers = [];
      for (let i = 0; i < 6; i += 1) {
        answers.push(observed(await login(f, identifier, `wrong-${i}`)));
      }
      return answers;
    }

    it("after 5 failures by email, the account's username answers exactly like another account's and an unknown name: nothing links the two", async () => {
      const victim = await createUser(f, 'victim');
      const other = await createUser(f, 'other');
      for (let i = 0; i < 5; i += 1) {
        await login(f, victim.email, `wrong-${i}`).expect(401);
      }
      expectLocked(await login(f, victim.email, 'wrong-again'), 900);

      const byVictimName = await sixFailures(victim.username);
      const byOtherName = await sixFailures(other.username);
      const byUnknownName = await sixFailures(`nobody-${victim.username}`);

      expect(byVictimName[0]?.status).toBe(401);
      expect(byVictimName).toEqual(byOtherName);
      expect(byVictimName).toEqual(byUnknownName);
      expect(byVictimName.map((a) => a.status)).toEqual([
        401, 401, 401, 401, 401, 429,
      ]);
    });

    it('an unknown email and a known one are locked alike: same answers, same bodies, same Retry-After', async () => {
      const known = await createUser(f, 'known');

      const byKnown = await sixFailures(known.email);
      const byUnknown = await sixFailures(`nobody-${known.email}`);

      expect(byKnown).toEqual(byUnknown);
      expect(byKnown.at(-1)).toMatchObject({ status: 429, retryAfter: '900' });
    });
  },
);

describe('security: the lockout bound holds across two instances on one MongoDB', () => {
  const [a, b] = useApps('mongoose', 'limits-race-instances', [
    { adapter: 'express', realClock: true, options: INTROSPECTION_LOCKOUT_ON },
    { adapter: 'fastify', realClock: true, options: INTROSPECTION_LOCKOUT_ON },
  ]) as [FixtureApp, FixtureApp];

  it(`of ${PARALLEL} parallel wrong passwords spread over both instances exactly 5 are checked; then the right password is 429 on both`, async () => {
    const user = await createUser(a, 'race2');

    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        login(i % 2 === 0 ? a : b, user.username, `wrong-password-${i}`),
      ),
    );

    expect(statusCounts(responses)).toEqual({ 401: 5, 429: PARALLEL - 5 });
    expectError(
      await login(a, user.username, user.password),
      429,
      'too_many_attempts',
    );
    expectError(
      await login(b, user.username, user.password),
      429,
      'too_many_attempts',
    );
  });

  it('failed client authentications on one instance lock the source on the other', async () => {
    const session = await registerAndLogin(a, 'introspected');
    for (let i = 0; i < 10; i += 1) {
      await introspect(i % 2 === 0 ? a : b, 'wrong-secret-'.repeat(3)).expect(
        401,
      );
    }

    for (const app of [b, a]) {
      expectError(
        await introspect(
          app,
          INTROSPECTION_CLIENT.clientSecret,
          session.accessToken,
        ),
        429,
        'too_many_attempts',
      );
    }
  });
});

/** A client socket bound to `address` (any 127.0.0.0/8 address is this host). */
const from = (address: string) => new Agent({ localAddress: address });

function introspect(
  f: FixtureApp,
  secret: string,
  token = 'not-a-token',
  source?: Agent,
) {
  const req = f.http.post('/auth/introspect');
  if (source !== undefined) req.agent(source);
  return req.auth(INTROSPECTION_CLIENT.clientId, secret).send({ token });
}

describe.each(VARIANTS)(
  'security: introspection clients are throttled, default 10 failures per source / 60 s (%s, %s storage)',
  (adapter, store) => {
    const [f] = useApps(store, `limits-introspect-${adapter}`, [
      { adapter, options: INTROSPECTION_LOCKOUT_ON },
    ]) as [FixtureApp];

    it('300 wrong secrets in quick succession: exactly 10 are 401, then 429 with Retry-After, right secret or not; another source is still served', async () => {
      const session = await registerAndLogin(f, 'rs');
      const attacker = from('127.0.0.2');
      const responses: Response[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        responses.push(
          ...(await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              introspect(
                f,
                `guess-${batch}-${i}-0123456789abcdef-0123456789`,
                session.accessToken,
                attacker,
              ),
            ),
          )),
        );
      }

      expect(statusCounts(responses)).toEqual({ 401: 10, 429: 290 });
      for (const res of responses.filter((r) => r.status === 429)) {
        expectLocked(res, 60);
      }
      // The right secret from the locked source is refused too: a lock that let the right guess
      // through would not slow guessing down at all.
      expectLocked(
        await introspect(
          f,
          INTROSPECTION_CLIENT.clientSecret,
          session.accessToken,
          attacker,
        ),
        60,
      );
      const served = await introspect(
        f,
        INTROSPECTION_CLIENT.clientSecret,
        session.accessToken,
        from('127.0.0.3'),
      ).expect(200);
      expect(served.body.active).toBe(true);

      f.clock.advanceSeconds(60);
      await introspect(
        f,
        INTROSPECTION_CLIENT.clientSecret,
        session.accessToken,
        attacker,
      ).expect(200);
    });

    it('a request without credentials counts as a failure of its source', async () => {
      const source = from('127.0.0.4');
      for (let i = 0; i < 10; i += 1) {
        const res = await f.http
          .post('/auth/introspect')
          .agent(source)
          .send({ token: 'x' });
        expectUnauthorized(res, 'invalid_client', 'Basic');
      }
      expectError(
        await f.http
          .post('/auth/introspect')
          .agent(source)
          .send({ token: 'x' }),
        429,
        'too_many_attempts',
      );
    });
  },
);

describe.each(VARIANTS)(
  'security: a client id guessed from many sources (3 per source, 5 per client; %s, %s storage)',
  (adapter, store) => {
    const [f] = useApps(store, `limits-client-${adapter}`, [
      {
        adapter,
        options: {
          introspectionLockout: {
            maxFailuresPerSource: 3,
            maxFailuresPerClient: 5,
          },
        },
      },
    ]) as [FixtureApp];

    it('past the per-client limit, sources that failed are refused even with the right secret, a source that never failed is served', async () => {
      const session = await registerAndLogin(f, 'rs2');
      const right = INTROSPECTION_CLIENT.clientSecret;
      const first = from('127.0.0.11');
      const second = from('127.0.0.12');
      for (const source of [first, second]) {
        for (let i = 0; i < 2; i += 1) {
          await introspect(f, `wrong-${i}`, session.accessToken, source).expect(
            401,
          );
        }
      }
      // The fifth failure for the client id locks it (for sources that failed).
      await introspect(
        f,
        'wrong-5',
        session.accessToken,
        from('127.0.0.13'),
      ).expect(401);
      expectLocked(
        await introspect(f, 'wrong-6', session.accessToken, from('127.0.0.14')),
        60,
      );

      expectLocked(await introspect(f, right, session.accessToken, first), 60);
      expectLocked(await introspect(f, right, session.accessToken, second), 60);
      const clean = await introspect(
        f,
        right,
        session.accessToken,
        from('127.0.0.15'),
      ).expect(200);
      expect(clean.body.active).toBe(true);
    });
  },
);

describe('security: introspection client secrets are at least 32 bytes', () => {
  const thirtyOneBytes = 'x'.repeat(31);
  // 16 characters, 32 UTF-8 bytes: bytes are counted, not characters.
  const thirtyTwoBytes = 'é'.repeat(16);
  const auth = (clientSecret: string) => () =>
    resolveAuthOptions({
      secret: TEST_SECRET,
      introspectionClients: [{ clientId: 'svc', clientSecret }],
    });
  const resourceServer = (clientSecret: string) => () =>
    resolveResourceServerOptions({
      issuer: 'tokenward',
      audience: 'tokenward',
      verification: {
        mode: 'introspection',
        introspectionUrl: 'https://auth.example.test/auth/introspect',
        clientId: 'svc',
        clientSecret,
      },
    });

  it.each([
    ['the auth module', auth],
    ['the resource-server module', resourceServer],
  ])(
    '%s refuses 31 bytes (and the 25-character secrets it took before) at start-up, accepts 32',
    (_name, build) => {
      for (const short of [thirtyOneBytes, 'billing-secret-0123456789']) {
        expect(build(short)).toThrow(TokenwardConfigError);
        expect(build(short)).toThrow(/at least 32 bytes/);
      }
      expect(build(thirtyTwoBytes)).not.toThrow();
    },
  );
});

/** Each instance's small login budget: 6 requests per client per minute. */
const LOGIN_LIMIT = { login: { limit: 6, ttlSeconds: 60 } };

describe('security: rate limits shared by two instances on one MongoDB', () => {
  const [a, b] = useApps('mongoose', 'limits-rate-instances', [
    { adapter: 'express', options: { rateLimit: LOGIN_LIMIT } },
    { adapter: 'fastify', options: { rateLimit: LOGIN_LIMIT } },
  ]) as [FixtureApp, FixtureApp];

  it('3 logins through A and 3 through B use the one budget of 6: the 7th is 429 on either', async () => {
    for (let i = 0; i < 6; i += 1) {
      await login(i % 2 === 0 ? a : b, `nobody-${i}`, 'password123').expect(
        401,
      );
    }

    for (const app of [a, b]) {
      const res = await login(app, 'nobody-7', 'password123');
      expectError(res, 429, 'rate_limited');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('the window is counted on the clock, not on TTL expiry: a minute later the budget is back', async () => {
    a.clock.advanceSeconds(61);
    b.clock.advanceSeconds(61);
    await login(a, 'nobody-8', 'password123').expect(401);
    await login(b, 'nobody-9', 'password123').expect(401);
  });
});

/** A host's own storage, as any @nestjs/throttler `ThrottlerStorage` would be written. */
class RecordingThrottlerStorage {
  readonly keys: string[] = [];
  private readonly inner = new ThrottlerStorageService();
  failing = false;

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<RateLimitRecord> {
    if (this.failing) throw new Error('redis: connection refused');
    this.keys.push(key);
    return this.inner.increment(key, ttl, limit, blockDuration, throttlerName);
  }
}

describe.each(VARIANTS)(
  'security: a host plugs its own rate-limit storage in (%s, %s storage)',
  (adapter, store) => {
    const storage = new RecordingThrottlerStorage();
    const [f] = useApps(store, `limits-rate-host-${adapter}`, [
      {
        adapter,
        options: { rateLimit: LOGIN_LIMIT },
        providers: [{ provide: RateLimitStorage, useValue: storage }],
      },
    ]) as [FixtureApp];

    it('counts in it, and its failure is a 503 storage_unavailable, never a pass', async () => {
      for (let i = 0; i < 6; i += 1) {
        await login(f, `nobody-${i}`, 'password123').expect(401);
      }
      expectError(
        await login(f, 'nobody-7', 'password123'),
        429,
        'rate_limited',
      );
      expect(storage.keys).toHaveLength(7);
      expect(new Set(storage.keys).size).toBe(1);
      expect(storage.keys[0]).toMatch(/^tokenward:login:/);

      storage.failing = true;
      const res = await f.http.post('/auth/register').send(newUser());
      expectError(res, 503, 'storage_unavailable');
      expect(res.headers['retry-after']).toBe('1');
      expect(res.text).not.toContain('redis');
    });
  },
);
