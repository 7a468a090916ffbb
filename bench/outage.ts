// What a lost or hung MongoDB costs: the example app (its own MongoDB driver settings, Tokenward's
// defaults) on a dedicated bundled test server, which is frozen (SIGSTOP) and, in a second run,
// killed (SIGKILL) and restarted on the same port. Prints, per fault, the latency and status of a
// cached token's request inside the `revocationMaxStalenessMs` window, of every route past it, and
// how long after the server is back the app answers again, each next to the steady-state figure
// and the poll interval. Run: npm run bench:outage  (always the bundled server: a MongoDB given by
// MONGODB_URI cannot be frozen from here). TOKENWARD_BENCH_ADAPTERS (default express,fastify).
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppModule } from '../example/app.module.js';
import type { MongoTestServer } from '../scripts/mongo-test-server.mjs';
import { median, printTable, ratio } from './support/stats.js';

type Fault = 'sigstop' | 'kill';

/** Tokenward's defaults, which the example keeps. */
const POLL_MS = 1000;
const WINDOW_MS = 10_000;
/** Past the window by this much, every route is swept once. */
const AFTER_WINDOW_MS = 1000;
/** The server comes back this long after the fault. */
const RESUME_AFTER_MS = WINDOW_MS + 5000;
/** No request waits longer than this for an answer (today's driver waits took up to 66 s). */
const CLIENT_TIMEOUT_MS = 120_000;
const PROBE_EVERY_MS = 100;

const SECRET = 'bench-outage-secret-not-for-production-0123456789';
const ADMIN = {
  username: 'benchadmin',
  email: 'benchadmin@example.test',
  password: 'bench-admin-password-1',
};
const CLIENT = {
  id: 'bench',
  secret: 'bench-introspection-secret-0123456789abcdef',
};

interface Answer {
  readonly status: number;
  readonly ms: number;
  readonly code?: string;
  readonly retryAfter: string | null;
}

interface Probe extends Answer {
  /** When it was sent, in ms after the fault. */
  readonly at: number;
}

async function startServer(port = 0): Promise<MongoTestServer> {
  // Resolved from the package root: the compiled bench runs from dist/bench.
  const script = pathToFileURL(
    join(process.cwd(), 'scripts', 'mongo-test-server.mjs'),
  ).href;
  const { startMongoTestServer } = (await import(script)) as {
    startMongoTestServer(options?: { port?: number }): Promise<MongoTestServer>;
  };
  return startMongoTestServer({ port });
}

type Adapter = 'express' | 'fastify';

async function startApp(
  mongoUri: string,
  adapter: Adapter,
): Promise<{
  app: INestApplication;
  base: string;
}> {
  const module = AppModule.register({
    env: {
      MONGODB_URI: `${mongoUri}/tokenward_bench_outage`,
      JWT_SECRET: SECRET,
      TOKENWARD_ADMIN_USERNAME: ADMIN.username,
      TOKENWARD_ADMIN_EMAIL: ADMIN.email,
      TOKENWARD_ADMIN_PASSWORD: ADMIN.password,
      TOKENWARD_INTROSPECTION_CLIENTS: `${CLIENT.id}:${CLIENT.secret}`,
    },
    // The sweeps log in and register many times from one client.
    authOverrides: {
      rateLimit: false,
      loginLockout: false,
      argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
    },
  });
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), {
          logger: false,
        })
      : await NestFactory.create(module, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${address.port}` };
}

function client(base: string) {
  return async function call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; basic?: string } = {},
  ): Promise<Answer & { body: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.basic) headers.authorization = `Basic ${options.basic}`;
    if (options.body !== undefined)
      headers['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
      });
      const text = await res.text();
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      return {
        status: res.status,
        ms: performance.now() - started,
        code: typeof body.code === 'string' ? body.code : undefined,
        retryAfter: res.headers.get('retry-after'),
        body,
      };
    } catch {
      // Client-side timeout: the app did not answer at all.
      return {
        status: 0,
        ms: performance.now() - started,
        retryAfter: null,
        body: {},
      };
    }
  };
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

let counter = 0;
function newUser() {
  counter += 1;
  const name = `benchuser${counter}${Math.floor(Math.random() * 1e6)}`;
  return {
    username: name,
    email: `${name}@example.test`,
    password: `bench-password-${name}`,
  };
}

async function run(fault: Fault, adapter: Adapter): Promise<void> {
  let server = await startServer();
  const { app, base } = await startApp(server.uri, adapter);
  const call = client(base);
  const basic = Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64');
  try {
    const user = newUser();
    await call('POST', '/auth/register', { body: user });
    const login = await call('POST', '/auth/login', {
      body: { username: user.username, password: user.password },
    });
    const admin = await call('POST', '/auth/login', {
      body: { username: ADMIN.username, password: ADMIN.password },
    });
    const token = login.body.access_token as string;
    const adminToken = admin.body.access_token as string;
    const refreshToken = login.body.refresh_token as string;
    if (typeof token !== 'string' || typeof adminToken !== 'string')
      throw new Error('set-up logins failed');

    // Every route, as a client would call it; storage-free ones included for contrast.
    const routes: Array<[string, () => Promise<Answer>]> = [
      ['GET /hello (cached token)', () => call('GET', '/hello', { token })],
      [
        'GET /admin/overview (cached)',
        () => call('GET', '/admin/overview', { token: adminToken }),
      ],
      ['GET /auth/me', () => call('GET', '/auth/me', { token })],
      [
        'POST /auth/login',
        () =>
          call('POST', '/auth/login', {
            body: { username: user.username, password: user.password },
          }),
      ],
      [
        'POST /auth/register',
        () => call('POST', '/auth/register', { body: newUser() }),
      ],
      [
        'POST /auth/refresh',
        () =>
          call('POST', '/auth/refresh', {
            body: { refresh_token: refreshToken },
          }),
      ],
      [
        'GET /auth/admin/users',
        () => call('GET', '/auth/admin/users', { token: adminToken }),
      ],
      [
        'GET /auth/admin/audit',
        () => call('GET', '/auth/admin/audit', { token: adminToken }),
      ],
      [
        'POST /auth/introspect',
        () => call('POST', '/auth/introspect', { basic, body: { token } }),
      ],
      ['GET /health', () => call('GET', '/health')],
    ];
    const sweep = async () =>
      Promise.all(
        routes.map(async ([name, go]) => [name, await go()] as const),
      );

    const steady: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      steady.push((await call('GET', '/hello', { token })).ms);
    }
    const steadyMs = median(steady);

    // Fault, with a probe of the cached token every 100 ms that never waits for the previous one.
    const faultAt = performance.now();
    process.kill(server.pid, fault === 'sigstop' ? 'SIGSTOP' : 'SIGKILL');
    const probes: Array<Promise<Probe>> = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const at = performance.now() - faultAt;
        probes.push(
          call('GET', '/hello', { token }).then((a) => ({ ...a, at })),
        );
        await sleep(PROBE_EVERY_MS);
      }
    })();

    // The sweeps run on their own: a hung one must not delay the rest of the timeline.
    const at = (ms: number) =>
      sleep(Math.max(0, faultAt + ms - performance.now()));
    const inWindowSweep = at(2000).then(sweep);
    const afterWindowSweep = at(WINDOW_MS + AFTER_WINDOW_MS).then(sweep);
    await at(RESUME_AFTER_MS);

    if (fault === 'sigstop') {
      process.kill(server.pid, 'SIGCONT');
    } else {
      server = await startServer(server.port);
    }
    const resumedAt = performance.now();
    // Back when a storage-backed route works again: login (frozen: the data is still there) or
    // register (killed: the in-memory server lost it).
    let storageBackMs = Number.NaN;
    while (performance.now() - resumedAt < 30_000) {
      const answer =
        fault === 'sigstop'
          ? await call('POST', '/auth/login', {
              body: { username: user.username, password: user.password },
            })
          : await call('POST', '/auth/register', { body: newUser() });
      if (answer.status === 200 || answer.status === 201) {
        storageBackMs = performance.now() - resumedAt;
        break;
      }
      await sleep(50);
    }
    await sleep(3 * POLL_MS);
    probing = false;
    await prober;
    const all = await Promise.all(probes);
    const inWindow = await inWindowSweep;
    const afterWindow = await afterWindowSweep;

    const resumedRel = resumedAt - faultAt;
    const windowProbes = all.filter((p) => p.at < WINDOW_MS - POLL_MS);
    // Answered while the server was still down (one sent just before it came back may wait for it).
    const pastProbes = all.filter(
      (p) => p.at > WINDOW_MS && p.at + p.ms < resumedRel,
    );
    const lastOk = all
      .filter((p) => p.status === 200 && p.at < resumedRel)
      .at(-1);
    const firstRefused = all.find((p) => p.status !== 200);
    const firstOkAfterResume = all.find(
      (p) => p.at >= resumedRel && p.status === 200,
    );
    const helloBackMs =
      firstOkAfterResume === undefined
        ? Number.NaN
        : firstOkAfterResume.at + firstOkAfterResume.ms - resumedRel;
    const statuses = (list: readonly Probe[]) =>
      [...new Set(list.map((p) => p.status))].join('/');
    const maxMs = (list: readonly Answer[]) =>
      Math.max(0, ...list.map((p) => p.ms));

    console.log(
      `\n## ${fault === 'sigstop' ? 'MongoDB frozen (SIGSTOP), then SIGCONT' : 'MongoDB killed (SIGKILL), then restarted on the same port'}` +
        ` — ${adapter}, poll ${POLL_MS} ms, window ${WINDOW_MS} ms\n`,
    );
    console.log(`steady state: GET /hello median ${steadyMs.toFixed(1)} ms`);
    console.log(
      `cached token: last 200 sent ${((lastOk?.at ?? Number.NaN) / 1000).toFixed(1)} s after the fault, first refusal sent at ${((firstRefused?.at ?? Number.NaN) / 1000).toFixed(1)} s (${firstRefused?.status ?? '-'} ${firstRefused?.code ?? ''})\n`,
    );
    printTable(
      [
        'cached token, GET /hello every 100 ms',
        'n',
        'statuses',
        'max ms',
        'max/steady',
      ],
      [
        [
          `inside the window (sent 0-${(WINDOW_MS - POLL_MS) / 1000} s after the fault)`,
          String(windowProbes.length),
          statuses(windowProbes),
          maxMs(windowProbes).toFixed(0),
          ratio(maxMs(windowProbes), steadyMs),
        ],
        [
          `past the window, answered before the server is back (${WINDOW_MS / 1000}-${(resumedRel / 1000).toFixed(1)} s)`,
          String(pastProbes.length),
          statuses(pastProbes),
          maxMs(pastProbes).toFixed(0),
          ratio(maxMs(pastProbes), steadyMs),
        ],
      ],
    );
    console.log('');
    const rows = inWindow.map(([name, inside], i) => {
      const past = afterWindow[i]?.[1] as Answer;
      const show = (a: Answer) =>
        `${a.status}${a.code ? ` ${a.code}` : ''}${a.retryAfter ? ` RA=${a.retryAfter}` : ''}`;
      return [
        name,
        show(inside),
        inside.ms.toFixed(0),
        show(past),
        past.ms.toFixed(0),
      ];
    });
    printTable(
      [
        'route',
        'at 2 s (inside window)',
        'ms',
        `at ${(WINDOW_MS + AFTER_WINDOW_MS) / 1000} s (past it)`,
        'ms',
      ],
      rows,
    );
    console.log('');
    printTable(
      ['recovery after the server is back', 'ms', 'ms/poll interval'],
      [
        [
          'GET /hello (cached token) answers 200 again',
          helloBackMs.toFixed(0),
          ratio(helloBackMs, POLL_MS),
        ],
        [
          fault === 'sigstop'
            ? 'POST /auth/login answers 200 again'
            : 'POST /auth/register answers 201 again',
          storageBackMs.toFixed(0),
          ratio(storageBackMs, POLL_MS),
        ],
      ],
    );
  } finally {
    try {
      process.kill(server.pid, 'SIGCONT');
    } catch {
      // Already gone.
    }
    await app.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const adapters = (process.env.TOKENWARD_BENCH_ADAPTERS ?? 'express,fastify')
    .split(',')
    .map((a) => a.trim()) as Adapter[];
  for (const adapter of adapters) {
    for (const fault of ['sigstop', 'kill'] as const) await run(fault, adapter);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
