// Scale benchmark (issue 17): does the guard's cost per request grow with the user base? One
// server (bench/scale-server.ts, Fastify, pinned to core 0) holding as many users as the largest
// count, in memory and then in MongoDB (the bundled test server, or MONGODB_URI); autocannon in
// this process (core 1), 10 connections, each request carrying the next of N distinct users'
// tokens (N = 1, 1,000, 100,000, 1,000,000). In the same run and with the same tokens in
// rotation: the NestJS docs recipe (JwtService with a KeyObject secret, no revocation at all) and
// an open route doing the same work minus any guard. Prints req/s, the server's CPU µs per
// request (from /proc), the ratios, and the server's RSS and V8 heap after a full GC (with the
// heap per user over an empty server's: minting the tokens inside the server leaves garbage
// that an RSS read before a collection counts as the store's); the last line reads
// `scale ratio memory=<r> mongo=<r>`, r = req/s at the largest N / req/s at 1,000.
// TOKENWARD_BENCH_USERS (e.g. `1000,100000`) runs a shorter version. Run: npm run bench:scale
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSecretKey, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import jsonwebtoken from 'jsonwebtoken';
import { benchMongo } from './support/mongo.js';
import { freePort, pin } from './support/process.js';
import { scaleUserId } from './support/scale-users.js';
import { printTable, ratio } from './support/stats.js';

const SECONDS = Number(process.env.TOKENWARD_BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const USER_COUNTS = (
  process.env.TOKENWARD_BENCH_USERS ?? '1,1000,100000,1000000'
)
  .split(',')
  .map((n) => Number(n.trim()))
  .filter((n) => Number.isSafeInteger(n) && n > 0)
  .sort((a, b) => a - b);
const MAX_USERS = USER_COUNTS[USER_COUNTS.length - 1] ?? 1000;
const PIN_SERVER = process.env.TOKENWARD_BENCH_PIN !== 'none';
const TICKS_PER_SECOND = Number(
  spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100,
);

interface Load {
  rps: number;
  requests: number;
  non2xx: number;
  cpuUsPerRequest: number;
}

/** User + system CPU time of `pid` in µs, from /proc (Linux). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at index 2 of the split.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / TICKS_PER_SECOND;
}

const MiB = 2 ** 20;

/** The server's memory after a full GC, in bytes. */
interface Memory {
  rss: number;
  heapUsed: number;
}

interface Server {
  child: ChildProcess;
  base: string;
  tokens: string[];
  seedMs: number;
  /** V8 heap used by the server before seeding (app initialised, no user), after a full GC. */
  emptyHeap: number;
  /** Right after seeding and minting the tokens, after a full GC. */
  ready: Memory;
  /** Asks the server for its memory now, after a full GC. */
  memory(): Promise<Memory>;
}

async function startServer(
  storage: 'memory' | 'mongoose',
  mongoUri: string | undefined,
  recipeSecret: string,
): Promise<Server> {
  const port = await freePort();
  const tokensFile = join(
    tmpdir(),
    `tokenward-scale-${process.pid}-${storage}.txt`,
  );
  const child = spawn(
    process.execPath,
    // The default old-space limit is too small for a million users on some machines; gc() lets
    // the server report its memory after a full collection.
    ['--max-old-space-size=8192', '--expose-gc', 'dist/bench/scale-server.js'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        SCALE_STORAGE: storage,
        SCALE_USERS: String(MAX_USERS),
        SCALE_TOKENS_FILE: tokensFile,
        SCALE_RECIPE_SECRET: recipeSecret,
        MONGODB_URI: mongoUri ?? '',
        JWT_SECRET: randomBytes(48).toString('base64url'),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  if (PIN_SERVER) pin(child.pid as number, '0');
  const lines = createInterface({
    input: child.stdout as NodeJS.ReadableStream,
  });
  const readyLine = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('server did not start in 30 min')),
      30 * 60_000,
    );
    lines.on('line', (line) => {
      if (line.startsWith('READY')) {
        clearTimeout(timer);
        resolve(line.split(' '));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code}`)),
    );
  });
  const [, seedMs, emptyHeap, readyRss, readyHeap] = readyLine.map(Number);
  const memory = () =>
    new Promise<Memory>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('server did not report its memory')),
        60_000,
      );
      const onLine = (line: string) => {
        if (!line.startsWith('MEMORY')) return;
        lines.off('line', onLine);
        clearTimeout(timer);
        const [, rss, heapUsed] = line.split(' ').map(Number);
        resolve({ rss: rss as number, heapUsed: heapUsed as number });
      };
      lines.on('line', onLine);
      child.stdin?.write('memory\n');
    });
  // Line by line from the bytes: a million tokens are longer than V8's longest string.
  const bytes = readFileSync(tokensFile);
  const tokens: string[] = [];
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = bytes.length;
    if (end > start)
      tokens.push(`Bearer ${bytes.toString('latin1', start, end)}`);
    start = end + 1;
  }
  rmSync(tokensFile, { force: true });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    tokens,
    seedMs: seedMs as number,
    emptyHeap: emptyHeap as number,
    ready: { rss: readyRss as number, heapUsed: readyHeap as number },
    memory,
  };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** Loads `path` with the first `n` of `bearers` in rotation; CPU measured on the server. */
async function measure(
  server: Server,
  path: string,
  bearers: readonly string[],
  n: number,
): Promise<Load> {
  let next = 0;
  const options = (duration: number): autocannon.Options => ({
    url: `${server.base}${path}`,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          request.headers = {
            ...request.headers,
            authorization: bearers[next++ % n] as string,
          };
          return request;
        },
      },
    ],
  });
  await run(options(1)); // warm-up
  const pid = server.child.pid as number;
  const cpuBefore = cpuMicros(pid);
  const result = await run(options(SECONDS));
  const cpu = cpuMicros(pid) - cpuBefore;
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    requests,
    non2xx: result.non2xx,
    cpuUsPerRequest: requests > 0 ? cpu / requests : Number.NaN,
  };
}

interface StoreResult {
  rows: string[][];
  /** Guarded req/s by user count. */
  guarded: Map<number, number>;
}

async function benchStore(
  storage: 'memory' | 'mongoose',
): Promise<StoreResult> {
  const mongo = storage === 'mongoose' ? await benchMongo() : undefined;
  const recipeSecret = randomBytes(32).toString('base64url');
  const recipeKey = createSecretKey(Buffer.from(recipeSecret, 'base64url'));
  const server = await startServer(storage, mongo?.uri, recipeSecret);
  try {
    // The recipe's tokens: the same users, the payload its docs sign, with its KeyObject.
    const recipeBearers: string[] = [];
    for (let i = 0; i < MAX_USERS; i += 1) {
      recipeBearers.push(
        `Bearer ${jsonwebtoken.sign(
          { sub: scaleUserId(i), username: `scale${i}` },
          recipeKey,
          { algorithm: 'HS256', expiresIn: 3600 },
        )}`,
      );
    }
    const rows: string[][] = [];
    const guarded = new Map<number, number>();
    // Let the JIT settle on every route before anything is measured.
    for (const [path, bearers] of [
      ['/scale/open', server.tokens],
      ['/scale/guarded', server.tokens],
      ['/scale/recipe', recipeBearers],
    ] as const) {
      await run({
        url: `${server.base}${path}`,
        connections: CONNECTIONS,
        duration: 2,
        headers: { authorization: bearers[0] as string },
      });
    }
    const open = await measure(server, '/scale/open', server.tokens, 1000);
    const row = (n: string, route: string, l: Load, ratios: string) => [
      storage,
      n,
      route,
      l.rps.toFixed(0),
      l.cpuUsPerRequest.toFixed(1),
      String(l.non2xx),
      ratios,
    ];
    rows.push(row('-', 'open route (same work, no guard)', open, 'baseline'));
    let guardedAt1000: number | undefined;
    for (const n of USER_COUNTS) {
      const g = await measure(server, '/scale/guarded', server.tokens, n);
      const r = await measure(server, '/scale/recipe', recipeBearers, n);
      guarded.set(n, g.rps);
      if (n === 1000) guardedAt1000 = g.rps;
      const label = n.toLocaleString('en-US');
      rows.push(
        row(
          label,
          'Tokenward guard',
          g,
          `${ratio(g.rps, open.rps)} of open; ${ratio(g.rps, r.rps)} of recipe; CPU ${ratio(g.cpuUsPerRequest, r.cpuUsPerRequest)}x recipe${guardedAt1000 === undefined ? '' : `; ${ratio(g.rps, guardedAt1000)} of 1,000 users`}`,
        ),
        row(
          label,
          'docs recipe (JwtService, KeyObject)',
          r,
          `${ratio(r.rps, open.rps)} of open`,
        ),
      );
    }
    const after = await server.memory();
    const perUser = (server.ready.heapUsed - server.emptyHeap) / MAX_USERS;
    const mib = (bytes: number) => (bytes / MiB).toFixed(0);
    rows.push(
      [
        storage,
        MAX_USERS.toLocaleString('en-US'),
        `server after seeding, full GC: RSS ${mib(server.ready.rss)} MiB, heap ${mib(server.ready.heapUsed)} MiB (empty server ${mib(server.emptyHeap)} MiB), ≈ ${perUser.toFixed(0)} B/user${storage === 'memory' ? '' : ' (users in MongoDB: the driver and caches)'} (seeded in ${(server.seedMs / 1000).toFixed(1)} s)`,
        '',
        '',
        '',
        '',
      ],
      [
        storage,
        MAX_USERS.toLocaleString('en-US'),
        `server RSS after the run, full GC: ${mib(after.rss)} MiB, heap ${mib(after.heapUsed)} MiB`,
        '',
        '',
        '',
        '',
      ],
    );
    return { rows, guarded };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await mongo?.stop();
  }
}

/** req/s at the largest count over req/s at 1,000 (or at the smallest, without 1,000). */
function scaleRatio(guarded: Map<number, number>): string {
  const base = guarded.get(1000) ?? guarded.get(USER_COUNTS[0] as number);
  const top = guarded.get(MAX_USERS);
  return base === undefined || top === undefined ? '-' : ratio(top, base);
}

async function main(): Promise<void> {
  const pinned = pin(process.pid, '1');
  const stores = (
    process.env.TOKENWARD_BENCH_STORES ?? 'memory,mongoose'
  ).split(',');
  const skipped: StoreResult = { rows: [], guarded: new Map() };
  const memory = stores.includes('memory')
    ? await benchStore('memory')
    : skipped;
  const mongo = stores.includes('mongoose')
    ? await benchStore('mongoose')
    : skipped;
  console.log(
    `\nScale benchmark: one Fastify server holding ${MAX_USERS.toLocaleString('en-US')} users, autocannon ${CONNECTIONS} connections, ${SECONDS} s per figure, each request the next of N users' tokens, server pinned to one core${pinned ? '' : ' (taskset unavailable: NOT pinned)'}\n`,
  );
  printTable(
    ['store', 'users N', 'route', 'req/s', 'CPU µs/req', 'non-2xx', 'ratios'],
    [...memory.rows, ...mongo.rows],
  );
  console.log(
    `\nscale ratio memory=${scaleRatio(memory.guarded)} mongo=${scaleRatio(mongo.guarded)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
