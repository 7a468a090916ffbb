// Nest's boot log names each module by its class. Tokenward's is `TokenwardModule` (exported as
// `AuthModule` too), so a host whose own module is called AuthModule sees two different lines,
// not two identical "AuthModule dependencies initialized".

import { Module, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { authModule } from '../support/fixture-app.js';
import {
  AuthModule as TokenwardAuthAlias,
  ManualClock,
  TokenwardModule,
  TokenwardResourceServerModule,
} from '../support/tokenward.js';

/** Collects what Nest logs, as `context: message`. */
class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, context?: string): void {
    this.lines.push(`${context}: ${String(message)}`);
  }
  error(): void {}
  warn(): void {}
}

/** A host's own module of that name (its users, its profile routes...). */
@Module({})
class AuthModule {}

async function bootLog(
  root: Parameters<typeof NestFactory.create>[0],
  adapter: 'express' | 'fastify',
): Promise<string[]> {
  const logger = new RecordingLogger();
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(root, new FastifyAdapter(), { logger })
      : await NestFactory.create(root, { logger });
  await app.init();
  await app.close();
  return logger.lines.filter((line) => line.startsWith('InstanceLoader: '));
}

const uri = uniqueMongoUri(inject('mongoUri'), 'module-names');

afterAll(async () => {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase();
  await connection.close();
});

describe.each(['express', 'fastify'] as const)('boot log (%s)', (adapter) => {
  it.each(['memory', 'mongoose'] as const)(
    "names Tokenward's module TokenwardModule beside the host's AuthModule (%s store)",
    async (store) => {
      @Module({
        imports: [
          AuthModule,
          ...(store === 'mongoose' ? [MongooseModule.forRoot(uri)] : []),
          authModule(
            store === 'mongoose' ? { mongoUri: uri } : {},
            new ManualClock(),
          ),
        ],
      })
      class HostAppModule {}

      const lines = await bootLog(HostAppModule, adapter);

      const count = (name: string) =>
        lines.filter(
          (line) => line === `InstanceLoader: ${name} dependencies initialized`,
        ).length;
      expect(count('AuthModule')).toBe(1);
      expect(count('TokenwardModule')).toBe(1);
    },
  );

  it('names the resource-server module TokenwardResourceServerModule', async () => {
    @Module({
      imports: [
        TokenwardResourceServerModule.forRoot({
          issuer: 'https://auth.example.test',
          audience: 'orders',
          verification: {
            mode: 'jwks',
            jwksUrl: 'http://127.0.0.1:9/auth/.well-known/jwks.json',
          },
        }),
      ],
    })
    class OrdersAppModule {}

    expect(await bootLog(OrdersAppModule, adapter)).toContain(
      'InstanceLoader: TokenwardResourceServerModule dependencies initialized',
    );
  });
});

it('AuthModule is the same class as TokenwardModule, so either name works', () => {
  expect(TokenwardAuthAlias).toBe(TokenwardModule);
  expect(TokenwardAuthAlias.forRoot({ secret: 'x'.repeat(32) }).module).toBe(
    TokenwardModule,
  );
});
