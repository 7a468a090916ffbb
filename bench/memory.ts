// Memory of the guard's caches: 1,000,000 distinct access tokens (1,000 users) validated through
// the same query the guard runs, with RSS and heap sampled along the way. The verified-token cache
// (verifiedTokenCacheMaxEntries, default 10,000) and the user cache (userCacheMaxEntries) are
// bounded, so memory must level off instead of growing with the token count.
// Run: npm run bench:memory   (node --expose-gc, so samples are taken after a full GC)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import {
  AccessTokenCodec,
  AuthModule,
  ValidateAccessTokenQuery,
} from '../src/index.js';
import { printTable } from './support/stats.js';
import { seedUsers } from './support/users.js';

const TOKENS = Number(process.env.TOKENWARD_BENCH_TOKENS ?? 1_000_000);
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

function sample(label: string): string[] {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return [label, (rss / 2 ** 20).toFixed(1), (heapUsed / 2 ** 20).toFixed(1)];
}

async function main(): Promise<void> {
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
