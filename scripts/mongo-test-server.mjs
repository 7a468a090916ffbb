// A real MongoDB-wire server for the tests, without Docker and without MongoDB downloads:
// mongo-java-server (in-memory backend) fetched from Maven Central and started with Java 17's
// single-file source launcher. See test/mongo-server/ for the pom and the Java main class.
//
// Used by test/setup/mongo.global-setup.ts, and as a CLI for developers:
//   node scripts/mongo-test-server.mjs install        fetch the jars into .mongo-test-server/lib
//   node scripts/mongo-test-server.mjs start [port]   run in the foreground, print MONGODB_URI=...
//
// Plain ESM with no dependencies so it runs before (and without) any TypeScript build.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_DIR = join(ROOT, 'test', 'mongo-server');
const POM = join(SERVER_DIR, 'pom.xml');
const MAIN_SOURCE = join(SERVER_DIR, 'TokenwardMongoTestServer.java');
const INSTALL_DIR = join(ROOT, '.mongo-test-server');
const LIB_DIR = join(INSTALL_DIR, 'lib');
// Written last, holding a hash of pom.xml: a half-finished download or an edited pom both
// count as "not installed", so a bump of the pom's versions is picked up automatically.
const STAMP = join(LIB_DIR, '.installed');

const URI_PREFIX = 'MONGODB_URI=';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const IS_WINDOWS = process.platform === 'win32';

const REQUIREMENTS =
  'The bundled MongoDB test server needs Java 17+ (a JDK: `java` on PATH) and Apache Maven ' +
  '(`mvn` on PATH, with access to Maven Central the first time). Install both, e.g. ' +
  '`apt-get install openjdk-17-jdk-headless maven`, or point the tests at your own MongoDB ' +
  'by setting MONGODB_URI.';

function pomHash() {
  return createHash('sha256').update(readFileSync(POM)).digest('hex');
}

async function isInstalled() {
  try {
    return (await readFile(STAMP, 'utf8')).trim() === pomHash();
  } catch {
    return false;
  }
}

function javaMajorVersion() {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  // e.g. `openjdk version "17.0.15" 2025-04-15` or `java version "1.8.0_402"`.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(
    `${result.stderr}${result.stdout}`,
  );
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function assertJava17() {
  const major = javaMajorVersion();
  if (major === undefined) {
    throw new Error(`\`java\` was not found or did not run. ${REQUIREMENTS}`);
  }
  if (major < 17) {
    throw new Error(`Found Java ${major}, need 17 or newer. ${REQUIREMENTS}`);
  }
}

function assertMaven() {
  const result = spawnSync('mvn', ['-v'], {
    encoding: 'utf8',
    shell: IS_WINDOWS,
  });
  if (result.error || result.status !== 0) {
    throw new Error(`\`mvn\` was not found or did not run. ${REQUIREMENTS}`);
  }
}

/** Runs a command, buffering its output; resolves with it, or rejects including it. */
function run(command, args, options) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const text = Buffer.concat(output).toString('utf8');
      if (code === 0) resolvePromise(text);
      else {
        const error = new Error(
          `${command} exited with ${signal ?? `code ${code}`}`,
        );
        error.output = text;
        reject(error);
      }
    });
  });
}

/**
 * Makes sure .mongo-test-server/lib holds the server's jars, fetching them with Maven if not.
 * Idempotent and safe to call from several processes at once (each downloads into its own
 * directory and renames it into place).
 */
export async function ensureMongoTestServerInstalled() {
  if (await isInstalled()) return LIB_DIR;
  assertJava17();
  assertMaven();

  await mkdir(INSTALL_DIR, { recursive: true });
  const staging = join(INSTALL_DIR, `lib.tmp-${process.pid}-${Date.now()}`);
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        POM,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: SERVER_DIR, shell: IS_WINDOWS },
    );
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Maven's own output is the only useful diagnostic; show it only when it failed.
    if (error.output) process.stderr.write(error.output);
    throw new Error(
      `Fetching the MongoDB test server jars with Maven failed (${error.message}). ${REQUIREMENTS}`,
      { cause: error },
    );
  }
  await writeFile(join(staging, '.installed'), `${pomHash()}\n`);

  if (await isInstalled()) {
    // Another process finished first.
    await rm(staging, { recursive: true, force: true });
    return LIB_DIR;
  }
  await rm(LIB_DIR, { recursive: true, force: true });
  try {
    await rename(staging, LIB_DIR);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!(await isInstalled())) throw error;
  }
  return LIB_DIR;
}

/**
 * The JVM flags the server starts with unless told otherwise: faster start-up for the test
 * suites, whose small in-memory data sets need neither the optimising JIT tier nor a parallel
 * collector. A benchmark that loads a million documents passes its own (bench/support/mongo.ts).
 */
export const TEST_JAVA_OPTIONS = Object.freeze([
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
]);

/**
 * Starts the in-memory MongoDB-wire server on 127.0.0.1 (port 0 = any free port) and resolves
 * once it accepts connections. The server also stops by itself when this process exits, since
 * it watches the stdin pipe we hold.
 *
 * @param {{ port?: number, javaOptions?: readonly string[] }} [options]
 * @returns {Promise<{ uri: string, port: number, pid: number, stop: () => Promise<void> }>}
 */
export async function startMongoTestServer({
  port = 0,
  javaOptions = TEST_JAVA_OPTIONS,
} = {}) {
  await ensureMongoTestServerInstalled();
  assertJava17();

  const child = spawn(
    'java',
    [...javaOptions, '-cp', join(LIB_DIR, '*'), MAIN_SOURCE, String(port)],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );

  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  const uri = await new Promise((resolveUri, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      const output = Buffer.concat(stderr).toString('utf8').trim();
      reject(new Error(output ? `${message}\n${output}` : message));
    };
    const timer = setTimeout(() => {
      fail(
        `The MongoDB test server did not start within ${START_TIMEOUT_MS / 1000} s.`,
      );
      void stop();
    }, START_TIMEOUT_MS);
    child.once('error', (error) =>
      fail(`Could not start java: ${error.message}. ${REQUIREMENTS}`),
    );
    child.once('exit', (code, signal) =>
      fail(
        `The MongoDB test server exited during start-up (${signal ?? `code ${code}`}).`,
      ),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(URI_PREFIX)) return;
      clearTimeout(timer);
      resolveUri(line.slice(URI_PREFIX.length).trim());
    });
  });

  // The pid lets a fault test freeze (SIGSTOP) or kill the server; the port lets it restart one
  // where the clients expect it.
  return { uri, port: Number(new URL(uri).port), pid: child.pid, stop };
}

async function main(argv) {
  const [command, portArg] = argv;
  if (command === 'install') {
    const dir = await ensureMongoTestServerInstalled();
    process.stderr.write(`MongoDB test server installed in ${dir}\n`);
    return;
  }
  if (command === 'start') {
    const port = portArg === undefined ? 0 : Number(portArg);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new Error(`Invalid port: ${portArg}`);
    }
    const server = await startMongoTestServer({ port });
    process.stdout.write(`${URI_PREFIX}${server.uri}\n`);
    process.stderr.write(
      'In-memory MongoDB test server running; Ctrl+C to stop.\n',
    );
    const shutdown = () => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return;
  }
  process.stderr.write(
    'Usage: node scripts/mongo-test-server.mjs install\n' +
      '       node scripts/mongo-test-server.mjs start [port]\n',
  );
  process.exitCode = 2;
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
