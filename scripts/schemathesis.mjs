// Checks the example app against its own OpenAPI document with Schemathesis (`--checks all`), on
// Express and Fastify, in memory and on MongoDB: every finding fails the run.
//
//   npm run test:schemathesis            build, then run the four combinations
//   node scripts/schemathesis.mjs serve  (internal) one example app on a free port
//
// Needs Schemathesis in .venv (what .ci/run sets up):
//   python3 -m venv .venv && .venv/bin/pip install -r test/schemathesis/requirements.txt
// MongoDB: MONGODB_URI when set (a database per run, dropped after), else the bundled test server.
// TOKENWARD_SCHEMATHESIS_EXAMPLES (default 25) bounds the examples per operation;
// TOKENWARD_SCHEMATHESIS_SEED replays a run (each run prints its seed).
//
// Plain ESM with no build of its own; `serve` loads the compiled example from dist/.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startMongoTestServer } from './mongo-test-server.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMATHESIS = join(ROOT, '.venv', 'bin', 'st');
const CONFIG = join(ROOT, 'test', 'schemathesis', 'schemathesis.toml');
const READY = 'SCHEMATHESIS_SERVER_READY ';
const START_TIMEOUT_MS = 60_000;
// A bound on one combination, far above what it takes (about 30 s on 2 cores): a hang fails.
const RUN_TIMEOUT_MS = 10 * 60_000;
const COMBINATIONS = [
  ['express', 'memory'],
  ['express', 'mongodb'],
  ['fastify', 'memory'],
  ['fastify', 'mongodb'],
];

if (process.argv[2] === 'serve') {
  await serve();
} else {
  process.exitCode = await main();
}

/** Runs every combination, prints a summary, resolves to the exit code. */
async function main() {
  if (!existsSync(SCHEMATHESIS)) {
    console.error(
      'Schemathesis is not installed in .venv. Set it up with:\n' +
        '  python3 -m venv .venv && .venv/bin/pip install -r test/schemathesis/requirements.txt',
    );
    return 1;
  }
  const examples = process.env.TOKENWARD_SCHEMATHESIS_EXAMPLES ?? '25';
  const ownMongo = process.env.MONGODB_URI === undefined;
  const mongo = ownMongo ? await startMongoTestServer() : null;
  const baseUri = mongo?.uri ?? process.env.MONGODB_URI;
  const results = [];
  try {
    for (const [adapter, storage] of COMBINATIONS) {
      const database = `tokenward_schemathesis_${randomBytes(6).toString('hex')}`;
      const mongoUri =
        storage === 'mongodb' ? withDatabase(baseUri, database) : undefined;
      process.stdout.write(`\n== Schemathesis: ${adapter}, ${storage}\n`);
      const code = await runOne(adapter, mongoUri, examples);
      results.push([`${adapter}/${storage}`, code]);
      if (mongoUri !== undefined && !ownMongo) await dropDatabase(mongoUri);
    }
  } finally {
    await mongo?.stop();
  }
  const failed = results.filter(([, code]) => code !== 0);
  process.stdout.write(
    `\nSchemathesis against the example app: ${results
      .map(
        ([name, code]) =>
          `${name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`}`,
      )
      .join(', ')}\n`,
  );
  return failed.length === 0 ? 0 : 1;
}

/** Starts the example app for one combination, runs Schemathesis at it, stops it. */
async function runOne(adapter, mongoUri, examples) {
  const credentials = {
    admin: `st-admin-${randomBytes(4).toString('hex')}`,
    adminPassword: randomBytes(18).toString('base64url'),
    clientId: 'schemathesis',
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const server = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), 'serve'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        TOKENWARD_ADAPTER: adapter,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        TOKENWARD_ADMIN_USERNAME: credentials.admin,
        TOKENWARD_ADMIN_EMAIL: `${credentials.admin}@example.test`,
        TOKENWARD_ADMIN_PASSWORD: credentials.adminPassword,
        TOKENWARD_INTROSPECTION_CLIENTS: `${credentials.clientId}:${credentials.clientSecret}`,
        // Hundreds of logins and registrations from one address, as in any load test.
        TOKENWARD_RATE_LIMITS: 'off',
        TOKENWARD_LOGIN_LOCKOUT: 'off',
        ...(mongoUri === undefined
          ? { MONGODB_URI: '' }
          : { MONGODB_URI: mongoUri }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const port = await readyPort(server);
    const args = [
      '--config-file',
      CONFIG,
      'run',
      `http://127.0.0.1:${port}/docs-json`,
      '--checks',
      'all',
      '--max-examples',
      examples,
      // Stateful testing follows response links into PATCH /auth/admin/users/{admin}; see the config.
      '--phases',
      'examples,coverage,fuzzing',
      '--no-color',
      '--output-truncate',
      'true',
      ...(process.env.TOKENWARD_SCHEMATHESIS_SEED
        ? ['--seed', process.env.TOKENWARD_SCHEMATHESIS_SEED]
        : []),
    ];
    return await run(SCHEMATHESIS, args, {
      ST_ADMIN_USERNAME: credentials.admin,
      ST_ADMIN_PASSWORD: credentials.adminPassword,
      ST_CLIENT_ID: credentials.clientId,
      ST_CLIENT_SECRET: credentials.clientSecret,
    });
  } finally {
    await stop(server);
  }
}

/** Resolves to the port the `serve` child listens on, once it says so. */
function readyPort(child) {
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the example app did not start within ${START_TIMEOUT_MS} ms`,
        ),
      );
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) {
        clearTimeout(timer);
        resolvePort(Number(line.slice(READY.length)));
      } else {
        process.stdout.write(`[example] ${line}\n`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the example app exited (code ${code}) before it was ready`),
      );
    });
  });
}

/** Runs a command with its output on ours; resolves to its exit code (a hang is killed). */
function run(command, args, env) {
  return new Promise((resolveCode, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolveCode(code ?? (signal === null ? 1 : 128));
    });
  });
}

/** SIGTERM (the example closes through its shutdown hooks), SIGKILL if that takes too long. */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** `uri` with its database replaced (no credentials or options in the bundled server's URI). */
function withDatabase(uri, database) {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?#]*)(?:\/[^?#]*)?(\?[^#]*)?$/.exec(
    uri,
  );
  if (match === null)
    throw new Error('MONGODB_URI is not a MongoDB connection string');
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

async function dropDatabase(uri) {
  const { default: mongoose } = await import('mongoose');
  const connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 10_000 })
    .asPromise();
  await connection.dropDatabase();
  await connection.close();
}

/**
 * The example app as `npm start` builds it, on a free port of 127.0.0.1. Its per-client rate limits
 * and login lockout are off through the example's own variables (set by the caller above); the
 * introspection-client lockout, which has no variable, is off here: Schemathesis sends wrong
 * client credentials from the same address as the right ones.
 */
async function serve() {
  const { createExampleApp } = await import(
    pathToFileURL(join(ROOT, 'dist', 'example', 'bootstrap.js')).href
  );
  const app = await createExampleApp({
    authOverrides: { introspectionLockout: false },
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  process.stdout.write(`${READY}${port}\n`);
}
