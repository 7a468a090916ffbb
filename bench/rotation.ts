// Rotation cost against the number of users: global and per-user rotation timed with 100 and with
// 100,000 users, in memory and on MongoDB (MONGODB_URI, or the bundled server), through the real
// command handlers. Both are single atomic writes, so the two sizes should cost the same.
// Run: npm run bench:rotation
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { MongooseModule } from '@nestjs/mongoose';
import {
  AuthModule,
  TriggerGlobalTokenRotationCommand,
  TriggerUserTokenRotationCommand,
} from '../src/index.js';
import { benchMongo } from './support/mongo.js';
import { median, printTable, ratio } from './support/stats.js';
import { seedUsers } from './support/users.js';

const SIZES = [100, 100_000];
const ROTATIONS = 60;

async function context(
  storage: 'memory' | 'mongoose',
  uri?: string,
): Promise<INestApplicationContext> {
  @Module({
    imports: [
      ...(uri === undefined ? [] : [MongooseModule.forRoot(uri)]),
      AuthModule.forRoot({
        secret: 'bench-secret-not-for-production-0123456789',
        storage,
        mountControllers: false,
      }),
    ],
  })
  class RotationBench {}
  const app = await NestFactory.createApplicationContext(RotationBench, {
    logger: ['error'],
  });
  await app.init();
  return app;
}

async function timeRotations(
  app: INestApplicationContext,
  userId: string,
): Promise<[number, number]> {
  const commands = app.get(CommandBus);
  const global: number[] = [];
  const user: number[] = [];
  // Warm-up (JIT, connection pool), so the first size measured is not penalised.
  for (let i = 0; i < 10; i += 1) {
    await commands.execute(
      new TriggerGlobalTokenRotationCommand(0, { reason: 'warm-up' }),
    );
    await commands.execute(
      new TriggerUserTokenRotationCommand(userId, { reason: 'warm-up' }),
    );
  }
  for (let i = 0; i < ROTATIONS; i += 1) {
    let started = performance.now();
    await commands.execute(
      new TriggerGlobalTokenRotationCommand(0, { reason: 'bench' }),
    );
    global.push(performance.now() - started);
    started = performance.now();
    await commands.execute(
      new TriggerUserTokenRotationCommand(userId, { reason: 'bench' }),
    );
    user.push(performance.now() - started);
  }
  return [median(global), median(user)];
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const mongo = await benchMongo();
  try {
    for (const storage of ['memory', 'mongoose'] as const) {
      const app = await context(
        storage,
        storage === 'mongoose' ? mongo.uri : undefined,
      );
      try {
        const results: Array<[number, number]> = [];
        let seeded = 0;
        for (const size of SIZES) {
          const ids = await seedUsers(app, seeded, size);
          const userId = ids[ids.length - 1] as string;
          seeded = size;
          results.push(await timeRotations(app, userId));
        }
        const [small, large] = results as [[number, number], [number, number]];
        rows.push([
          `${storage}: global rotation`,
          small[0].toFixed(3),
          large[0].toFixed(3),
          ratio(large[0], small[0]),
        ]);
        rows.push([
          `${storage}: per-user rotation`,
          small[1].toFixed(3),
          large[1].toFixed(3),
          ratio(large[1], small[1]),
        ]);
      } finally {
        await app.close();
      }
    }
  } finally {
    await mongo.stop();
  }
  console.log(`\nRotation cost, median of ${ROTATIONS} rotations each\n`);
  printTable(
    [
      'operation',
      `ms @ ${SIZES[0]} users`,
      `ms @ ${SIZES[1]} users`,
      'ratio (large/small)',
    ],
    rows,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
