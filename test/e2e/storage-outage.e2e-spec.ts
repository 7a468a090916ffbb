// Issue 11 item 2, "a lost or hung MongoDB costs a bounded time": the fixture app on the real
// bundled MongoDB-wire server, which this spec starts for itself (a Java process it can freeze
// with SIGSTOP and kill without disturbing the other specs, which share the global one). The
// fixture's MongooseModule keeps the driver's defaults but for serverSelectionTimeoutMS (10 s):
// every bound seen here is Tokenward's own `storageTimeoutMs`, not a driver setting.
//
// Bounds are generous (a busy 2-core machine); the latencies themselves are measured by
// `npm run bench:outage` (docs/performance.md).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Response, Test } from 'supertest';
import type { MongoTestServer } from '../../scripts/mongo-test-server.mjs';
import { startMongoTestServer } from '../../scripts/mongo-test-server.mjs';
import {
  adminLogin,
  bearer,
  INTROSPECTION_CLIENT,
  newUser,
  registerAndLogin,
  startFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectError, timed } from '../support/http-assertions.js';
import {
  AuthConfig,
  RevocationStateService,
  RotationStateRepository,
  SigningKeyRingService,
  TokenwardHealthService,
} from '../support/tokenward.js';

const ADAPTERS = ['express', 'fastify'] as const;

const POLL_MS = 500;
const WINDOW_MS = 5000;
const STORAGE_TIMEOUT_MS = 1500;
/** A request that waited for storage takes at least STORAGE_TIMEOUT_MS; one served from memory, far less. */
const AT_ONCE_MS = 1000;
/** A storage-bound answer: the timeout plus a busy machine's slack, far below the driver's 10-30 s. */
const BOUNDED_MS = STORAGE_TIMEOUT_MS + 3000;
/** "Within 2 poll intervals" of the server coming back, plus the same slack. */
const RECOVERED_MS = 2 * POLL_MS + 3000;

let server: MongoTestServer;
let database = 0;

beforeAll(async () => {
  server = await startMongoTestServer();
});

afterAll(async () => {
  signal('SIGCONT');
  await server?.stop();
});

function signal(name: NodeJS.Signals): void {
  try {
    process.kill(server.pid, name);
  } catch {
    // Already gone (killed by the test itself).
  }
}

// A frozen server must never outlive this process, even if a test fails half-way.
process.once('exit', () => signal('SIGKILL'));

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Repeats `attempt` every 100 ms until it is true; resolves with the time it took, or throws. */
async function timeUntil(
  attempt: () => Promise<boolean>,
  limitMs: number,
): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await attempt()) return performance.now() - started;
    await sleep(100);
  }
  throw new Error(`not recovered within ${limitMs} ms`);
}

/** 503 storage_unavailable with Retry-After, each within BOUNDED_MS. */
function expectBounded503s(
  answers: ReadonlyArray<{ name: string; res: Response; ms: number }>,
): void {
  for (const { name, res, ms } of answers) {
    expect(res.status, name).toBe(503);
    expectError(res, 503, 'storage_unavailable');
    expect(res.headers['retry-after'], name).toBe('1');
    expect(ms, name).toBeLessThan(BOUNDED_MS);
  }
}

describe.each(ADAPTERS)('storage outage on the real server (%s)', (adapter) => {
  let f: FixtureApp;
  let user: Awaited<ReturnType<typeof registerAndLogin>>;
  let admin: Awaited<ReturnType<typeof adminLogin>>;
  let health: TokenwardHealthService;

  beforeAll(async () => {
    database += 1;
    f = await startFixtureApp({
      adapter,
      realClock: true,
      mongoUri: `${server.uri}/outage_${adapter}_${database}`,
      options: {
        revocationCacheRefreshMs: POLL_MS,
        revocationMaxStalenessMs: WINDOW_MS,
        storageTimeoutMs: STORAGE_TIMEOUT_MS,
      },
    });
    health = new TokenwardHealthService(
      f.app.get(AuthConfig),
      f.app.get(RevocationStateService),
      f.app.get(RotationStateRepository),
      f.app.get(SigningKeyRingService),
    );
  });

  afterEach(() => {
    // A failed test must not leave the next one a frozen server.
    signal('SIGCONT');
  });

  afterAll(async () => {
    await f?.close();
  });

  /** Sets up fresh users whose tokens are verified and cached (the steady state). */
  async function steadyState(): Promise<void> {
    user = await registerAndLogin(f);
    admin = await adminLogin(f);
    await f.http
      .get('/hello')
      .set(...bearer(user.accessToken))
      .expect(200);
    await f.http
      .get('/staff')
      .set(...bearer(admin.accessToken))
      .expect(200);
  }

  /** Every route a client may call, each needing storage or the revocation state. */
  function everyRoute(): Array<[string, () => Test]> {
    const asUser = bearer(user.accessToken);
    const asAdmin = bearer(admin.accessToken);
    return [
      ['host route, cached token', () => f.http.get('/hello').set(...asUser)],
      ['host route with roles', () => f.http.get('/staff').set(...asAdmin)],
      ['me', () => f.http.get('/auth/me').set(...asUser)],
      [
        'login',
        () =>
          f.http.post('/auth/login').send({
            username: user.credentials.username,
            password: user.credentials.password,
          }),
      ],
      ['register', () => f.http.post('/auth/register').send(newUser())],
      [
        'refresh',
        () =>
          f.http
            .post('/auth/refresh')
            .send({ refresh_token: user.refreshToken }),
      ],
      ['admin users', () => f.http.get('/auth/admin/users').set(...asAdmin)],
      ['admin audit', () => f.http.get('/auth/admin/audit').set(...asAdmin)],
      [
        'introspection',
        () =>
          f.http
            .post('/auth/introspect')
            .auth(
              INTROSPECTION_CLIENT.clientId,
              INTROSPECTION_CLIENT.clientSecret,
            )
            .send({ token: user.accessToken }),
      ],
    ];
  }

  /** Inside the window: cached tokens 200 at once; what needs storage 503 in bounded time. */
  async function insideTheWindow(faultAt: number): Promise<void> {
    // Sent until well before the window can close (it may have opened up to one poll early).
    while (performance.now() - faultAt < WINDOW_MS - POLL_MS - 1500) {
      const { res, ms } = await timed(
        f.http.get('/hello').set(...bearer(user.accessToken)),
      );
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(AT_ONCE_MS);
      await sleep(200);
    }
    const needStorage = everyRoute().filter(([name]) =>
      ['me', 'login', 'register'].includes(name),
    );
    expectBounded503s(
      await Promise.all(
        needStorage.map(async ([name, go]) => ({
          name,
          ...(await timed(go())),
        })),
      ),
    );
  }

  /** Past the window: every route 503 storage_unavailable with Retry-After, in bounded time. */
  async function pastTheWindow(faultAt: number): Promise<void> {
    await sleep(Math.max(0, faultAt + WINDOW_MS + 200 - performance.now()));
    const answers = await Promise.all(
      everyRoute().map(async ([name, go]) => ({
        name,
        ...(await timed(go())),
      })),
    );
    expectBounded503s(answers);
    const started = performance.now();
    const report = await health.check();
    expect(performance.now() - started).toBeLessThan(BOUNDED_MS);
    expect(report.status).toBe('error');
    expect(report.storage.status).toBe('down');
  }

  /** Back: the cached token and a storage-backed route answer again within two polls (+ slack). */
  async function recovered(storageRoute: () => Test): Promise<void> {
    await timeUntil(async () => {
      const res = await f.http.get('/hello').set(...bearer(user.accessToken));
      return res.status === 200;
    }, RECOVERED_MS);
    await timeUntil(async () => {
      const res = await storageRoute();
      return res.status === 200 || res.status === 201;
    }, RECOVERED_MS);
    expect((await health.check()).status).not.toBe('error');
  }

  it('frozen (SIGSTOP): 200 from memory at once inside revocationMaxStalenessMs, then 503 on every route within storageTimeoutMs, then back within two polls of SIGCONT', async () => {
    await steadyState();
    const faultAt = performance.now();
    signal('SIGSTOP');
    await insideTheWindow(faultAt);
    await pastTheWindow(faultAt);

    signal('SIGCONT');
    await recovered(() =>
      f.http.post('/auth/login').send({
        username: user.credentials.username,
        password: user.credentials.password,
      }),
    );
  }, 90_000);

  it('killed (SIGKILL): the same, and back within two polls of a restart on the same port', async () => {
    await steadyState();
    const faultAt = performance.now();
    signal('SIGKILL');
    await insideTheWindow(faultAt);
    await pastTheWindow(faultAt);

    server = await startMongoTestServer({ port: server.port });
    // The in-memory server lost every document: a new registration shows storage is back.
    await recovered(() => f.http.post('/auth/register').send(newUser()));
  }, 120_000);
});
