// Micro-benchmark of access-token verify and issue: Tokenward's signer (key ring, `kid` look-up,
// full claim checks) with each signing algorithm, and its validator's verified-token cache,
// against raw jsonwebtoken with a string secret (the common recipe) and with a KeyObject. Same
// machine, same run; ops/s and the ratio to the string-secret baseline. Run: npm run bench:micro
import { createSecretKey, randomUUID } from 'node:crypto';
import 'reflect-metadata';
import jsonwebtoken from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessTokenCodec,
  AuthModule,
  ValidateAccessTokenQuery,
  type AccessTokenClaims,
  type SigningAlgorithm,
} from '../src/index.js';
import { printTable, ratio } from './support/stats.js';
import { seedUsers } from './support/users.js';

const SECRET = 'micro-bench-secret-0123456789abcdef-0123456789';
const DURATION_MS = Number(process.env.TOKENWARD_BENCH_MICRO_MS ?? 1500);

/** Runs `fn` repeatedly for DURATION_MS after a warm-up; returns operations per second. */
function opsPerSecond(fn: () => unknown): number {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  const started = performance.now();
  let now = started;
  while (now - started < DURATION_MS) {
    for (let i = 0; i < 200; i += 1) fn();
    ops += 200;
    now = performance.now();
  }
  return (ops * 1000) / (now - started);
}

/** Like opsPerSecond, for an async operation awaited one at a time. */
async function asyncOpsPerSecond(fn: () => Promise<unknown>): Promise<number> {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) await fn();
  let ops = 0;
  const started = performance.now();
  let now = started;
  while (now - started < DURATION_MS) {
    for (let i = 0; i < 200; i += 1) await fn();
    ops += 200;
    now = performance.now();
  }
  return (ops * 1000) / (now - started);
}

const subject = {
  sub: randomUUID(),
  jti: randomUUID(),
  sid: randomUUID(),
  gv: 1,
  uv: 1,
  roles: ['user'],
};
const payload = { ...subject, iss: 'tokenward', aud: 'tokenward' };
const keyObject = createSecretKey(Buffer.from(SECRET));
const stringToken = jsonwebtoken.sign(payload, SECRET, {
  algorithm: 'HS256',
  expiresIn: 900,
});
const keyObjectToken = jsonwebtoken.sign(payload, keyObject, {
  algorithm: 'HS256',
  expiresIn: 900,
});
const verifyOptions = {
  algorithms: ['HS256' as const],
  issuer: 'tokenward',
  audience: 'tokenward',
};

const verifyString = opsPerSecond(() =>
  jsonwebtoken.verify(stringToken, SECRET, verifyOptions),
);
const verifyKeyObject = opsPerSecond(() =>
  jsonwebtoken.verify(keyObjectToken, keyObject, verifyOptions),
);
const signString = opsPerSecond(() =>
  jsonwebtoken.sign(payload, SECRET, { algorithm: 'HS256', expiresIn: 900 }),
);
const signKeyObject = opsPerSecond(() =>
  jsonwebtoken.sign(payload, keyObject, { algorithm: 'HS256', expiresIn: 900 }),
);

async function startModule(
  algorithm: SigningAlgorithm,
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      AuthModule.forRoot({
        secret: SECRET,
        mountControllers: false,
        signing: { algorithm },
      }),
    ],
  })
  class MicroBench {}
  const app = await NestFactory.createApplicationContext(MicroBench, {
    logger: ['error'],
  });
  await app.init();
  return app;
}

const verifyRows: Array<[string, number, number]> = [];
const signRows: Array<[string, number, number]> = [];
let guardQuery = 0;
let guardQueryUncached = 0;
let verifyCached = 0;
for (const algorithm of ['HS256', 'EdDSA', 'ES256'] as const) {
  const app = await startModule(algorithm);
  const signer = app.get(AccessTokenCodec);
  const now = new Date();
  const { token } = await signer.sign(subject, now);
  verifyRows.push([
    `verify: Tokenward signer, ${algorithm} (kid + all claim checks)`,
    await asyncOpsPerSecond(() => signer.verify(token, now)),
    verifyString,
  ]);
  signRows.push([
    `sign: Tokenward signer, ${algorithm}`,
    await asyncOpsPerSecond(() =>
      signer.sign({ ...subject, jti: randomUUID() }, now),
    ),
    signString,
  ]);
  if (algorithm === 'HS256') {
    // What the verified-token cache saves: an LRU look-up (the same cache class and bound the
    // validator uses) instead of signature + JSON + claim checks.
    const cache = new LRUCache<string, AccessTokenClaims>({ max: 10_000 });
    cache.set(token, await signer.verify(token, now));
    verifyCached = opsPerSecond(() => cache.get(token));
    // The guard's whole query (verified-token cache + revocation checks) through the QueryBus,
    // on a token and user already cached: what a steady-state request costs Tokenward itself.
    const [userId] = await seedUsers(app, 0, 1);
    const guardToken = (
      await signer.sign(
        {
          ...subject,
          sub: userId as string,
          // As the app issues them: the facts request.user carries are in the token.
          username: 'seed0',
          email: 'seed0@example.test',
        },
        new Date(),
      )
    ).token;
    const queries = app.get(QueryBus);
    guardQuery = await asyncOpsPerSecond(() =>
      queries.execute(new ValidateAccessTokenQuery(guardToken)),
    );
    // The same query when no token repeats (a million users' tokens in rotation): each one is
    // verified, as a password login issues it (UUID jti/sid, client_id, amr, auth_time).
    const fresh: string[] = [];
    for (let i = 0; i < 200_000; i += 1) {
      fresh.push(
        (
          await signer.sign(
            {
              ...subject,
              sub: userId as string,
              jti: randomUUID(),
              sid: randomUUID(),
              username: 'seed0',
              email: 'seed0@example.test',
              client_id: 'tokenward',
              amr: ['pwd'],
              auth_time: Math.floor(now.getTime() / 1000),
            },
            now,
          )
        ).token,
      );
    }
    let next = 0;
    guardQueryUncached = await asyncOpsPerSecond(() =>
      queries.execute(
        new ValidateAccessTokenQuery(fresh[next++ % fresh.length] as string),
      ),
    );
  }
  await app.close();
}

console.log(
  `\nToken micro-benchmark (${DURATION_MS} ms per figure, one core)\n`,
);
printTable(
  ['operation', 'ops/s', 'µs/op', 'ratio to string secret'],
  [
    ['verify: jsonwebtoken, string secret', verifyString, verifyString],
    ['verify: jsonwebtoken, KeyObject', verifyKeyObject, verifyString],
    ...verifyRows,
    ['verify: Tokenward, verified-token cache hit', verifyCached, verifyString],
    [
      'guard query (QueryBus, cache hit + revocation checks)',
      guardQuery,
      verifyString,
    ],
    [
      'guard query (QueryBus, every token new: HS256 verify + revocation checks)',
      guardQueryUncached,
      verifyString,
    ],
    ['sign: jsonwebtoken, string secret', signString, signString],
    ['sign: jsonwebtoken, KeyObject', signKeyObject, signString],
    ...signRows,
  ].map(([name, ops, base]) => [
    name as string,
    (ops as number).toFixed(0),
    (1e6 / (ops as number)).toFixed(2),
    ratio(ops as number, base as number),
  ]),
);
console.log(
  `\nguard query, every token new vs a cache hit: ${ratio(guardQuery, guardQueryUncached)}× the cost`,
);
