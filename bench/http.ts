// HTTP benchmark: the example app on Fastify and on Express, each in a child process pinned to
// core 0, loaded by autocannon from this process (pinned to core 1) over 127.0.0.1 only.
// Compares, in one run: an open route doing the guarded route's work minus the guard, the
// guarded /hello (JwtAuthGuard with every revocation check), the passport-jwt string-secret
// recipe, and /hello during a login storm (16 concurrent logins). Bounded: a few seconds per
// measurement, about 1.5 minutes in all. Run: npm run bench
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { freePort, pin } from './support/process.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { printTable, ratio } from './support/stats.js';

const SECONDS = Number(process.env.TOKENWARD_BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const STORM_CLIENTS = 16;
const PIN_SERVER = process.env.TOKENWARD_BENCH_PIN !== 'none';
const ADAPTERS = (
  process.env.TOKENWARD_BENCH_ADAPTERS ?? 'fastify,express'
).split(',');

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  statuses: Record<string, number>;
}

async function startServer(
  adapter: string,
  smtpUrl: string,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/bench/server.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      TOKENWARD_ADAPTER: adapter,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      NODE_ENV: 'production',
      // Production needs a real mailer and the app's public URL (registration mails a link).
      TOKENWARD_SMTP_URL: smtpUrl,
      TOKENWARD_APP_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (PIN_SERVER) pin(child.pid as number, '0');
  const lines = createInterface({
    input: child.stdout as NodeJS.ReadableStream,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('server did not start in 30 s')),
      30_000,
    );
    lines.on('line', (line) => {
      if (line.startsWith('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}`)),
    );
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function json(
  url: string,
  init?: RequestInit,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  if (!response.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

function load(options: autocannon.Options): Promise<Load> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) return reject(error);
      resolve({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        statuses: Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [
            code,
            v?.count ?? 0,
          ]),
        ),
      });
    });
  });
}

async function measure(
  url: string,
  headers: Record<string, string> = {},
): Promise<Load> {
  await load({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up
  return load({ url, headers, connections: CONNECTIONS, duration: SECONDS });
}

async function benchAdapter(
  adapter: string,
  smtpUrl: string,
): Promise<string[][]> {
  const { child, base } = await startServer(adapter, smtpUrl);
  try {
    const credentials = {
      username: 'benchuser',
      email: 'bench@example.test',
      password: 'bench-password-123',
    };
    await json(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    const loginBody = JSON.stringify({
      username: credentials.username,
      password: credentials.password,
    });
    const login = await json(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loginBody,
    });
    const bearer = { authorization: `Bearer ${String(login.access_token)}` };
    const baseline = await json(`${base}/bench/passport-token`);
    const baselineBearer = {
      authorization: `Bearer ${String(baseline.token)}`,
    };

    // The open route gets the very same request, token included: like with like.
    const open = await measure(`${base}/bench/open`, bearer);
    const guarded = await measure(`${base}/hello`, bearer);
    const passport = await measure(`${base}/bench/passport`, baselineBearer);
    const health = await measure(`${base}/health`);
    // The storm phase gives the server both cores, as in a deployment: argon2 (gated to cores - 1)
    // on one, the event loop on the other. Solo /hello is measured again in that same set-up.
    if (PIN_SERVER) pin(child.pid as number, '0,1');
    const solo = await measure(`${base}/hello`, bearer);
    const [storm, logins] = await Promise.all([
      load({
        url: `${base}/hello`,
        headers: bearer,
        connections: CONNECTIONS,
        duration: SECONDS,
      }),
      load({
        url: `${base}/auth/login`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loginBody,
        connections: STORM_CLIENTS,
        duration: SECONDS,
      }),
    ]);
    const row = (name: string, l: Load, ratios: string) => [
      `${adapter} ${name}`,
      l.rps.toFixed(0),
      l.p50.toFixed(1),
      l.p99.toFixed(1),
      String(l.non2xx),
      ratios,
    ];
    return [
      row('open route (same work, no guard)', open, '1.00 (baseline)'),
      row(
        '/hello guarded (JwtAuthGuard)',
        guarded,
        `${ratio(guarded.rps, open.rps)} of open; ${ratio(guarded.rps, passport.rps)}x passport`,
      ),
      row(
        'passport-jwt, string secret',
        passport,
        `${ratio(passport.rps, open.rps)} of open`,
      ),
      row('/health', health, `${ratio(health.rps, open.rps)} of open`),
      row('/hello solo, server on 2 cores', solo, 'storm baseline'),
      row(
        `/hello during ${STORM_CLIENTS}-client login storm`,
        storm,
        `${ratio(storm.rps, solo.rps)} of solo /hello`,
      ),
      row(
        'POST /auth/login in the storm',
        logins,
        `2xx ${logins.statuses['200'] ?? 0}, 503 ${logins.statuses['503'] ?? 0}, 429 ${logins.statuses['429'] ?? 0}`,
      ),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const pinned = pin(process.pid, '1');
  const rows: string[][] = [];
  const smtp = await startSmtpSink();
  try {
    for (const adapter of ADAPTERS)
      rows.push(...(await benchAdapter(adapter, smtp.url)));
  } finally {
    await smtp.stop();
  }
  console.log(
    `\nHTTP benchmark: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per figure, server pinned to one core${pinned ? '' : ' (taskset unavailable: NOT pinned)'}\n`,
  );
  printTable(['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'ratio'], rows);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
