// Memory, in two parts. First the memory store's footprint: 200,000 users registered and logged
// in once each through the real repositories (MemoryUserRepository, MemorySessionRepository), in
// the shapes the register and login handlers build, with the heap per user and per session after
// a full GC (TOKENWARD_BENCH_FOOTPRINT_USERS, 0 skips it). Then the guard's caches: 1,000,000
// distinct access tokens (1,000 users) validated through the same query the guard runs, with RSS
// and heap sampled along the way. The verified-token cache (verifiedTokenCacheMaxEntries, default
// 10,000) and the user cache (userCacheMaxEntries) are bounded, so memory must level off instead
// of growing with the token count (TOKENWARD_BENCH_TOKENS, 0 skips it).
// Run: npm run bench:memory   (node --expose-gc, so samples are taken after a full GC)
import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessTokenCodec,
  AuthModule,
  MemorySessionRepository,
  MemoryUserRepository,
  Session,
  User,
  Username,
  ValidateAccessTokenQuery,
} from '../src/index.js';
import { identityOf } from '../src/domain/entities/user.entity.js';
import { Email } from '../src/domain/value-objects/email.js';
import { Roles } from '../src/domain/value-objects/roles.js';
import { memoryAfterGc } from './support/process.js';
import { printTable } from './support/stats.js';
import { seedUsers } from './support/users.js';

const TOKENS = Number(process.env.TOKENWARD_BENCH_TOKENS ?? 1_000_000);
const FOOTPRINT_USERS = Number(
  process.env.TOKENWARD_BENCH_FOOTPRINT_USERS ?? 200_000,
);
const USERS = 1000;
const SAMPLE_EVERY = TOKENS / 10;

@Module({
  imports: [
    AuthModule.forRoot({
      secret: 'bench-secret-not-for-production-0123456789',
      mountControllers: false,
    }),
  ],
})
class MemoryBench {}

// What a browser sends; a fresh copy per login, as the HTTP parser gives each request its own.
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Strings as a JSON request body gives them to a handler (flat, one copy each). */
function fromWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** User `i` as RegisterUserHandler stores it: parsed name and address, its own hash and clock reading. */
function registeredUser(i: number): User {
  const body = fromWire({
    username: `scale${i}`,
    email: `scale${i}@example.test`,
  });
  const username = Username.parse(body.username);
  const email = Email.parse(body.email);
  const now = new Date();
  return new User({
    id: randomUUID(),
    ...identityOf(username, email),
    emailVerified: false,
    // An argon2id PHC string as @phc/format joins it, different for every user.
    passwordHash: [
      '',
      'argon2id',
      'v=19',
      'm=19456,t=2,p=1',
      randomBytes(16).toString('base64').replace(/=+$/, ''),
      randomBytes(32).toString('base64').replace(/=+$/, ''),
    ].join('$'),
    isActive: true,
    roles: Roles.parse(['user']),
    tokenVersion: 1,
    passwordVersion: 1,
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
  });
}

/** The session GenerateAuthTokensHandler opens for `user` at a password login over HTTP. */
function loginSession(user: User): Session {
  const now = new Date();
  const client = fromWire({ ip: '203.0.113.7', userAgent: USER_AGENT });
  return Session.opened({
    id: randomUUID(),
    userId: user.id,
    refreshTokenHash: createHash('sha256')
      .update(randomBytes(32).toString('base64url'), 'utf8')
      .digest('hex'),
    globalVersion: 1,
    userVersion: user.tokenVersion,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 30 * 24 * 3600 * 1000),
    client,
    deviceName: null,
    authentication: { amr: ['pwd'], authTime: now },
  });
}

/** Heap bytes per user and per session the memory store holds, through its real repositories. */
async function footprint(): Promise<string[][]> {
  const users = new MemoryUserRepository();
  const sessions = new MemorySessionRepository();
  // Allocated before the baseline: the ids it will hold are the users' own strings.
  const ids = new Array<string>(FOOTPRINT_USERS).fill('');
  const empty = memoryAfterGc();
  for (let i = 0; i < FOOTPRINT_USERS; i += 1)
    ids[i] = (await users.create(registeredUser(i))).id;
  const withUsers = memoryAfterGc();
  for (const id of ids) {
    // As login does: the user is read back by id, the session keeps its id.
    const user = await users.findById(id);
    await sessions.create(loginSession(user as User));
  }
  const withSessions = memoryAfterGc();
  // Both repositories stay reachable until here, or the GC above could have taken them.
  if ((await users.countActive()) !== FOOTPRINT_USERS)
    throw new Error('lost users');
  if ((await sessions.countActive(new Date())) !== FOOTPRINT_USERS)
    throw new Error('lost sessions');
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const row = (
    what: string,
    from: { heapUsed: number },
    to: { heapUsed: number; rss: number },
  ) => [
    what,
    mib(to.heapUsed - from.heapUsed),
    ((to.heapUsed - from.heapUsed) / FOOTPRINT_USERS).toFixed(0),
    mib(to.rss),
  ];
  return [
    ['empty repositories', '0.0', '-', mib(empty.rss)],
    row(`${FOOTPRINT_USERS.toLocaleString('en')} users`, empty, withUsers),
    row('+ 1 session each', withUsers, withSessions),
    row('user + session', empty, withSessions),
  ];
}

function sample(label: string): string[] {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return [label, (rss / 2 ** 20).toFixed(1), (heapUsed / 2 ** 20).toFixed(1)];
}

async function main(): Promise<void> {
  if (FOOTPRINT_USERS > 0) {
    const rows = await footprint();
    console.log(
      `\nMemory store footprint (heap after a full GC, ${FOOTPRINT_USERS.toLocaleString('en')} users registered and logged in once)\n`,
    );
    printTable(
      ['what', 'heap MiB', 'heap bytes each', 'process RSS MiB'],
      rows,
    );
  }
  if (TOKENS <= 0) return;
  const app = await NestFactory.createApplicationContext(MemoryBench, {
    logger: ['error'],
  });
  await app.init();
  const signer = app.get(AccessTokenCodec);
  const queries = app.get(QueryBus);
  const ids = await seedUsers(app, 0, USERS);
  const rows = [sample('start (app + 1,000 users)')];
  const started = performance.now();
  for (let i = 1; i <= TOKENS; i += 1) {
    const { token } = await signer.sign(
      {
        sub: ids[i % USERS] as string,
        jti: randomUUID(),
        sid: randomUUID(),
        gv: 1,
        uv: 1,
        roles: ['user'],
      },
      new Date(),
    );
    await queries.execute(new ValidateAccessTokenQuery(token));
    if (i % SAMPLE_EVERY === 0)
      rows.push(sample(`${i.toLocaleString('en')} tokens validated`));
  }
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  console.log(
    `\nGuard caches under ${TOKENS.toLocaleString('en')} distinct tokens (${seconds.toFixed(1)} s)\n`,
  );
  printTable(['after', 'RSS MiB', 'heap used MiB'], rows);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
