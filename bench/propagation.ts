// Measures how long a revocation made through instance A takes to be enforced by instance B when
// both share one MongoDB: logout, per-user rotation, logout-all, deactivation and a signing-key
// rotation revoking the previous keys, each repeated,
// with random phase against B's poll timer. Prints median / p90 / max and their ratio to the
// configured refresh interval. Then the same for a JWKS-mode resource server subscribed to the
// auth app's SSF transmitter (the `ssf` option, poll every refresh interval): from the change on
// the auth app to the resource server's refusal.
// Run: npm run bench:propagation  (MONGODB_URI optional).
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
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
  TokenwardResourceServerModule,
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

const SSF_CLIENT = {
  clientId: 'bench-receiver',
  clientSecret: 'bench-receiver-secret-0123456789abcdef-0123',
  scopes: ['ssf.manage'],
};
const SSF_KINDS = [
  'logout',
  'user rotation',
  'logout-all',
  'deactivation',
] as const;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An auth app serving HTTP (the SSF transmitter) on 127.0.0.1, its issuer its own URL. */
async function transmitter(uri: string): Promise<{
  app: INestApplicationContext;
  issuer: string;
}> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  @Module({
    imports: [
      MongooseModule.forRoot(uri),
      AuthModule.forRoot({
        secret: 'bench-secret-not-for-production-0123456789',
        argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
        revocationCacheRefreshMs: REFRESH_MS,
        storage: 'mongoose',
        issuer,
        clients: [SSF_CLIENT],
        signing: { algorithm: 'EdDSA' },
        rateLimit: false,
      }),
    ],
  })
  class BenchAuthApp {}
  const app = await NestFactory.create(BenchAuthApp, { logger: ['error'] });
  await app.listen(port, '127.0.0.1');
  return { app, issuer };
}

/** A JWKS-mode resource server subscribed to the transmitter, polling every refresh interval. */
async function receiver(issuer: string): Promise<INestApplicationContext> {
  @Module({
    imports: [
      TokenwardResourceServerModule.forRoot({
        issuer,
        audience: 'tokenward',
        verification: {
          mode: 'jwks',
          jwksUrl: `${issuer}/auth/.well-known/jwks.json`,
        },
        ssf: {
          clientId: SSF_CLIENT.clientId,
          clientSecret: SSF_CLIENT.clientSecret,
          pollIntervalMs: REFRESH_MS,
        },
      }),
    ],
  })
  class BenchResourceServer {}
  const app = await NestFactory.createApplicationContext(BenchResourceServer, {
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
  } catch (error) {
    await mongo.stop();
    throw error;
  } finally {
    await a.close();
    await b.close();
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
  printRows(rows);
  try {
    // A database of its own: the first phase's stored key ring is HS256, which SSF cannot use.
    await measureReceiver(
      mongo.uri.replace(/\/(tokenward_bench_[0-9a-f]+)/, '/$1_ssf'),
    );
  } finally {
    await mongo.stop();
  }
}

/** Logout, rotations and deactivation on the auth app -> refusal by a subscribed resource server. */
async function measureReceiver(uri: string): Promise<void> {
  const { app: auth, issuer } = await transmitter(uri);
  const rs = await receiver(issuer);
  const delays = new Map<string, number[]>(SSF_KINDS.map((k) => [k, []]));
  const commands = auth.get(CommandBus);
  const refusedWithin = async (token: string, started: number) => {
    while (await accepted(rs, token)) {
      await new Promise((r) => setTimeout(r, 2));
      if (performance.now() - started > 10 * REFRESH_MS) return null;
    }
    return performance.now() - started;
  };
  try {
    for (let round = -1; round < ROUNDS_PER_KIND; round += 1) {
      for (const kind of SSF_KINDS) {
        const name = `ssf${round + 1}${kind.replace(/\W/g, '')}`;
        const user = await commands.execute(
          new RegisterUserCommand(
            name,
            `${name}@example.test`,
            'bench-password-1',
          ),
        );
        const tokens = await commands.execute(
          new GenerateAuthTokensCommand(user.id),
        );
        const fresh = await rs
          .get(QueryBus)
          .execute(new ValidateAccessTokenQuery(tokens.accessToken))
          .then(
            () => null,
            (error: unknown) => error,
          );
        if (fresh !== null)
          throw new Error(
            `the resource server refused a fresh token (${(fresh as { code?: string }).code ?? String(fresh)})`,
          );
        await new Promise((r) => setTimeout(r, Math.random() * REFRESH_MS));
        const started = performance.now();
        await change(auth, kind, user.id, tokens.sessionId);
        const delay = await refusedWithin(tokens.accessToken, started);
        if (delay === null)
          throw new Error(`${kind} never reached the resource server`);
        // Round -1 warms up: the receiver subscribes in the background at start.
        if (round >= 0) delays.get(kind)?.push(delay);
      }
    }
  } finally {
    await rs.close();
    await auth.close();
  }
  console.log(
    `\nPropagation auth app -> JWKS-mode resource server over SSF (RFC 8936 poll every ${REFRESH_MS} ms)`,
  );
  printRows([...delays.entries(), ['all', [...delays.values()].flat()]]);
}

function printRows(rows: ReadonlyArray<readonly [string, number[]]>): void {
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
