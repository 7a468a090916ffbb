// Issue 4, "Credential abuse": the failed-login lockout (time from the fixture's ManualClock), the
// per-client rate limits of login, register and refresh (counted by @nestjs/throttler's storage on
// the wall clock: these tests only fill a window, they never wait for one to pass), and the
// argon2id cost. Login timing is measured in test/security/login-timing.spec.ts.
import { describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import {
  newUser,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, expectUnauthorized } from '../support/http-assertions.js';
import {
  Argon2PasswordHasher,
  GenerateAuthTokensCommand,
  MemoryUserRepository,
  RegisterUserCommand,
  UserRepository,
  Username,
} from '../support/tokenward.js';
import { storedToken } from '../../src/module/auth/auth.repositories.js';

const ADAPTERS = ['express', 'fastify'] as const;

/** Registers through the command bus (no HTTP request, so no rate-limit budget is spent). */
async function createUser(
  f: FixtureApp,
  prefix = 'user',
): Promise<ReturnType<typeof newUser> & { id: string }> {
  const user = newUser(prefix);
  const created = await f.commands.execute(
    new RegisterUserCommand(user.username, user.email, user.password),
  );
  return { ...user, id: created.id };
}

function expectLocked(res: Response, retryAfter?: number): void {
  expectError(res, 429, 'too_many_attempts');
  const header = Number(res.headers['retry-after']);
  expect(Number.isInteger(header)).toBe(true);
  if (retryAfter !== undefined) expect(header).toBe(retryAfter);
  expect(res.headers['www-authenticate']).toBeUndefined();
}

describe.each(ADAPTERS)(
  'security: failed-login lockout, default policy 5 failures / 15 min (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter });
    const login = (username: string, password: string) =>
      f.http.post('/auth/login').send({ username, password });

    async function fail(username: string, times: number): Promise<Response[]> {
      const responses = [];
      for (let i = 0; i < times; i += 1) {
        responses.push(await login(username, `wrong-password-${i}`));
      }
      return responses;
    }

    it('an existing account: 5 failures answer 401, then 429 with Retry-After 900, even with the right password', async () => {
      const user = await createUser(f);

      for (const res of await fail(user.username, 5)) {
        expectUnauthorized(res, 'invalid_credentials');
      }

      expectLocked(await login(user.username, 'wrong-again'), 900);
      expectLocked(await login(user.username, user.password), 900);
    });

    it('an unknown account is locked exactly alike: same statuses, same bodies, same Retry-After', async () => {
      const existing = await createUser(f);
      const unknown = `nobody-${existing.username}`;

      const a = await fail(existing.username, 5);
      const b = await fail(unknown, 5);
      const lockedA = await login(existing.username, existing.password);
      const lockedB = await login(unknown, existing.password);

      expect(a.map((r) => r.status)).toEqual(b.map((r) => r.status));
      expect(a.map((r) => r.text)).toEqual(b.map((r) => r.text));
      expectLocked(lockedA, 900);
      expectLocked(lockedB, 900);
      expect(lockedA.text).toBe(lockedB.text);
      expect(lockedA.headers['retry-after']).toBe(
        lockedB.headers['retry-after'],
      );
    });

    it('Retry-After counts down with the clock and the lock lifts after 15 minutes', async () => {
      const user = await createUser(f);
      await fail(user.username, 5);

      f.clock.advanceSeconds(300);
      expectLocked(await login(user.username, user.password), 600);
      f.clock.advanceSeconds(599);
      expectLocked(await login(user.username, user.password), 1);

      f.clock.advanceSeconds(1);
      await login(user.username, user.password).expect(200);
    });

    it('a successful login resets the failure counter', async () => {
      const user = await createUser(f);

      await fail(user.username, 4);
      await login(user.username, user.password).expect(200);
      for (const res of await fail(user.username, 4)) {
        expectUnauthorized(res, 'invalid_credentials');
      }

      // Without the reset this would be the 9th failure's aftermath: locked.
      await login(user.username, user.password).expect(200);
    });

    it('counts one account once, whichever identifier is typed (username, email, other case): then even the right password is refused unchecked, with the ordinary 401', async () => {
      const user = await createUser(f);

      await login(user.username, 'wrong-1').expect(401);
      await login(user.email, 'wrong-2').expect(401);
      await login(user.username.toUpperCase(), 'wrong-3').expect(401);
      await login(user.email.toUpperCase(), 'wrong-4').expect(401);
      await login(user.username, 'wrong-5').expect(401);

      // The account's five attempts are used: the password is not verified, and the answer is a
      // wrong password's (a 429 here would link the username to the email: see the oracle spec).
      const right = await login(user.email, user.password);
      expectUnauthorized(right, 'invalid_credentials');
      expect(right.text).toBe((await login(user.email, 'wrong-6')).text);
      expectUnauthorized(
        await login(user.username, user.password),
        'invalid_credentials',
      );

      f.clock.advanceSeconds(900);
      await login(user.email, user.password).expect(200);
    });

    it('counts failures that arrive in parallel: none is lost', async () => {
      const user = await createUser(f);

      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          login(user.username, `wrong-parallel-${i}`),
        ),
      );

      // However they interleave, all five are failures and the fifth counted sets the lock.
      for (const res of responses)
        expectUnauthorized(res, 'invalid_credentials');
      expectLocked(await login(user.username, user.password));
    });

    it('a locked account does not lock anyone else', async () => {
      const locked = await createUser(f);
      const other = await createUser(f);
      await fail(locked.username, 5);

      expectLocked(await login(locked.username, locked.password));
      await login(other.username, other.password).expect(200);
    });

    it('failures spread over more than the 15-minute window do not lock', async () => {
      const user = await createUser(f);

      await fail(user.username, 4);
      f.clock.advanceSeconds(901);
      await fail(user.username, 4);

      await login(user.username, user.password).expect(200);
    });
  },
);

describe.each(ADAPTERS)(
  'security: a configured lockout, 3 failures / 60 s (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: { loginLockout: { maxFailures: 3, lockoutSeconds: 60 } },
    });

    it('locks at the 3rd failure for 60 s', async () => {
      const user = await createUser(f);
      for (let i = 0; i < 3; i += 1) {
        await f.http
          .post('/auth/login')
          .send({ username: user.username, password: `wrong-${i}` })
          .expect(401);
      }

      expectLocked(
        await f.http
          .post('/auth/login')
          .send({ username: user.username, password: user.password }),
        60,
      );
      f.clock.advanceSeconds(60);
      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });
  },
);

describe.each(ADAPTERS)(
  'security: lockout disabled with loginLockout: false (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, options: { loginLockout: false } });

    it('never answers 429, however many failures', async () => {
      const user = await createUser(f);
      for (let i = 0; i < 8; i += 1) {
        await f.http
          .post('/auth/login')
          .send({ username: user.username, password: `wrong-${i}` })
          .expect(401);
      }

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });
  },
);

/** Each route's own small budget: 3 requests per client per minute. */
const SMALL_LIMITS = {
  login: { limit: 3, ttlSeconds: 60 },
  register: { limit: 3, ttlSeconds: 60 },
  refresh: { limit: 3, ttlSeconds: 60 },
};

function expectRateLimited(res: Response, ttlSeconds: number): void {
  expectError(res, 429, 'rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(ttlSeconds);
}

describe.each(ADAPTERS)(
  'security: per-client rate limit of login (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: { rateLimit: SMALL_LIMITS, loginLockout: false },
    });

    it('the 4th login in the window is 429 rate_limited with Retry-After, even with the right password; other routes still answer', async () => {
      const user = await createUser(f);
      for (let i = 0; i < 3; i += 1) {
        await f.http
          .post('/auth/login')
          .send({ username: `nobody-${i}`, password: 'password123' })
          .expect(401);
      }

      expectRateLimited(
        await f.http
          .post('/auth/login')
          .send({ username: user.username, password: user.password }),
        60,
      );
      // A spoofed X-Forwarded-For buys no fresh budget: trust proxy is off, the socket address counts.
      expectRateLimited(
        await f.http
          .post('/auth/login')
          .set('X-Forwarded-For', '203.0.113.7')
          .send({ username: user.username, password: user.password }),
        60,
      );
      // The budget is per route: registering and the token routes are not affected.
      await f.http.post('/auth/register').send(newUser()).expect(201);
      const tokens = await f.commands.execute(
        new GenerateAuthTokensCommand(user.id),
      );
      await f.http
        .get('/auth/me')
        .set('Authorization', `Bearer ${tokens.accessToken}`)
        .expect(200);
    });
  },
);

describe.each(ADAPTERS)(
  'security: per-client rate limit of register (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, options: { rateLimit: SMALL_LIMITS } });

    it('the 4th registration in the window is 429 rate_limited and creates nothing', async () => {
      for (let i = 0; i < 3; i += 1) {
        await f.http.post('/auth/register').send(newUser()).expect(201);
      }
      const user = newUser();

      expectRateLimited(await f.http.post('/auth/register').send(user), 60);

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
    });
  },
);

describe.each(ADAPTERS)(
  'security: per-client rate limit of refresh (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, options: { rateLimit: SMALL_LIMITS } });

    it('the 4th refresh in the window is 429 rate_limited, valid token or not', async () => {
      const user = await createUser(f);
      let tokens = await f.commands.execute(
        new GenerateAuthTokensCommand(user.id),
      );
      for (let i = 0; i < 3; i += 1) {
        const res = await f.http
          .post('/auth/refresh')
          .send({ refresh_token: tokens.refreshToken })
          .expect(200);
        tokens = { ...tokens, refreshToken: res.body.refresh_token };
      }

      expectRateLimited(
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: tokens.refreshToken }),
        60,
      );
      expectRateLimited(
        await f.http.post('/auth/refresh').send({ refresh_token: 'garbage' }),
        60,
      );
    });
  },
);

describe.each(ADAPTERS)(
  'security: rate limits are on by default (%s)',
  (adapter) => {
    // `rateLimit: undefined` undoes the fixture's `rateLimit: false`: the module's defaults apply.
    const f = useFixtureApp({ adapter, options: { rateLimit: undefined } });

    it('login: 20 per minute per client, the 21st is 429', async () => {
      for (let i = 0; i < 20; i += 1) {
        await f.http
          .post('/auth/login')
          .send({ username: `unknown-${i}`, password: 'password123' })
          .expect(401);
      }

      expectRateLimited(
        await f.http
          .post('/auth/login')
          .send({ username: 'unknown-21', password: 'password123' }),
        60,
      );
    });

    it('register: 10 per minute per client, the 11th is 429', async () => {
      for (let i = 0; i < 10; i += 1) {
        await f.http.post('/auth/register').send(newUser()).expect(201);
      }

      expectRateLimited(
        await f.http.post('/auth/register').send(newUser()),
        60,
      );
    });
  },
);

describe.each(ADAPTERS)(
  'security: argon2id at the OWASP cost by default, weaker hashes upgraded at login (%s)',
  (adapter) => {
    // The module's own store, read directly to see the stored hashes.
    const store = new MemoryUserRepository();
    // `argon2: undefined` undoes the fixture's cheap parameters: the module's defaults apply.
    const f = useFixtureApp({
      adapter,
      options: { argon2: undefined },
      providers: [{ provide: storedToken(UserRepository), useValue: store }],
    });
    // The `argon2` package writes the parameters sorted: m, p, t.
    const OWASP_PREFIX = /^\$argon2id\$v=19\$m=19456,p=1,t=2\$/;

    it('registration stores an argon2id hash with m=19456 KiB, t=2, p=1', async () => {
      const user = newUser('owasp');
      await f.http.post('/auth/register').send(user).expect(201);

      const stored = await store.findByUsername(Username.keyOf(user.username));

      expect(stored?.passwordHash).toMatch(OWASP_PREFIX);
    });

    it('a hash made with weaker parameters is replaced by an OWASP one at the next successful login, not at a failed one', async () => {
      const user = newUser('weak');
      const created = await f.http
        .post('/auth/register')
        .send(user)
        .expect(201);
      const weak = await new Argon2PasswordHasher({
        memoryCost: 1024,
        timeCost: 1,
        parallelism: 1,
      }).hash(user.password);
      await store.updatePasswordHash(created.body.id, weak, new Date());

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: 'not-the-password' })
        .expect(401);
      expect((await store.findById(created.body.id))?.passwordHash).toBe(weak);

      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      const upgraded = (await store.findById(created.body.id))?.passwordHash;
      expect(upgraded).toMatch(OWASP_PREFIX);
      await f.http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });
  },
);
