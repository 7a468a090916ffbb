// Measures how long a revocation made through instance A takes to be enforced by instance B when
// both share one MongoDB: logout, per-user rotation, logout-all, deactivation and a signing-key
// rotation revoking the previous keys, each repeated,
// with random phase against B's poll timer. Prints median / p90 / max and their ratio to the
// configured refresh interval. Run: npm run bench:propagation  (MONGODB_URI optional).
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MongooseModule } from '@nestjs/mongoose';
import {
  AuthModule,
  GenerateAuthTokensCommand,
  RegisterUserCommand,
  RevocationStateService,
  RevokeAllUserSessionsCommand,
  RevokeSessionCommand,
  SetUserStatusCommand,
  TriggerSigningKeyRotationCommand,
  TriggerUserTokenRotationCommand,
  ValidateAccessTokenQuery,
} from '../src/index.js';
import { benchMongo } from './support/mongo.js';
import { percentile } from './support/stats.js';

const REFRESH_MS = Number(process.env.TOKENWARD_BENCH_REFRESH_MS ?? 1000);
const ROUNDS_PER_KIND = Number(process.env.TOKENWARD_BENCH_ROUNDS ?? 6);
const KINDS = [
  'logout',
  'user rotation',
  'logout-all',
  'deactivation',
  'key revocation',
] as const;
type Kind = (typeof KINDS)[number];

async function instance(uri: string): Promise<INestApplicationContext> {
  @Module({
    imports: [
      MongooseModule.forRoot(uri),
      AuthModule.forRoot({
        secret: 'bench-secret-not-for-production-0123456789',
        argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
        revocationCacheRefreshMs: REFRESH_MS,
        storage: 'mongoose',
        mountControllers: false,
      }),
    ],
  })
  class BenchInstance {}
  const app = await NestFactory.createApplicationContext(BenchInstance, {
    logger: ['error'],
  });
  await app.init();
  return app;
}

async function accepted(
  b: INestApplicationContext,
  token: string,
): Promise<boolean> {
  try {
    await b.get(QueryBus).execute(new ValidateAccessTokenQuery(token));
    return true;
  } catch {
    return false;
  }
}

async function change(
  a: INestApplicationContext,
  kind: Kind,
  userId: string,
  sid: string,
) {
  const commands = a.get(CommandBus);
  switch (kind) {
    case 'logout':
      return commands.execute(new RevokeSessionCommand(userId, sid));
    case 'user rotation':
      return commands.execute(
        new TriggerUserTokenRotationCommand(userId, { reason: 'bench' }),
      );
    case 'logout-all':
      return commands.execute(new RevokeAllUserSessionsCommand(userId));
    case 'deactivation':
      return commands.execute(new SetUserStatusCommand(userId, false));
    case 'key revocation':
      // A signing-key rotation that withdraws every older key (a key may have leaked).
      return commands.execute(
        new TriggerSigningKeyRotationCommand({ reason: 'bench' }, true),
      );
  }
}

async function main(): Promise<void> {
  const mongo = await benchMongo();
  const a = await instance(mongo.uri);
  const b = await instance(mongo.uri);
  const delays = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const polls: number[] = [];
  try {
    // What one poll of the revocation state costs B (three queries in parallel).
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      await b.get(RevocationStateService).refresh();
      polls.push(performance.now() - started);
    }
    for (let round = 0; round < ROUNDS_PER_KIND; round += 1) {
      for (const kind of KINDS) {
        const name = `bench${round}${kind.replace(/\W/g, '')}`;
        const user = await a
          .get(CommandBus)
          .execute(
            new RegisterUserCommand(
              name,
              `${name}@example.test`,
              'bench-password-1',
            ),
          );
        const tokens = await a
          .get(CommandBus)
          .execute(new GenerateAuthTokensCommand(user.id));
        if (!(await accepted(b, tokens.accessToken)))
          throw new Error('B refused a fresh token');
        // Random phase against B's poll timer.
        await new Promise((r) => setTimeout(r, Math.random() * REFRESH_MS));
        const started = performance.now();
        await change(a, kind, user.id, tokens.sessionId);
        while (await accepted(b, tokens.accessToken)) {
          await new Promise((r) => setTimeout(r, 2));
          if (performance.now() - started > 10 * REFRESH_MS)
            throw new Error(`${kind} never propagated`);
        }
        delays.get(kind)?.push(performance.now() - started);
      }
    }
  } finally {
    await a.close();
    await b.close();
    await mongo.stop();
  }
  const rows = [
    ...delays.entries(),
    ['all', [...delays.values()].flat()] as const,
  ];
  const sortedPolls = [...polls].sort((x, y) => x - y);
  console.log(
    `\nPropagation A -> B on one MongoDB, refresh interval ${REFRESH_MS} ms`,
  );
  console.log(
    `one revocation-state poll on B: median ${percentile(sortedPolls, 0.5).toFixed(1)} ms, max ${(sortedPolls[sortedPolls.length - 1] as number).toFixed(1)} ms\n`,
  );
  console.log(
    'change          n   median ms   p90 ms   max ms   median/interval   max/interval',
  );
  for (const [kind, values] of rows) {
    const sorted = [...values].sort((x, y) => x - y);
    const median = percentile(sorted, 0.5);
    const max = sorted[sorted.length - 1] as number;
    console.log(
      `${kind.padEnd(14)} ${String(sorted.length).padStart(2)} ${median.toFixed(0).padStart(10)} ${percentile(sorted, 0.9).toFixed(0).padStart(8)} ${max.toFixed(0).padStart(8)} ${(median / REFRESH_MS).toFixed(2).padStart(17)} ${(max / REFRESH_MS).toFixed(2).padStart(14)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
