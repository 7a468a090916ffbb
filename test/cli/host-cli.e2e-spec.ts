// `runTokenwardCli(AppModule)`: the tokenward commands booted inside a host's own module, so they
// run with the app's real options (token lifetime, grace period, password policy, collection
// prefix) instead of the defaults the packaged bin falls back to. Against the real bundled MongoDB.

import { Module, type DynamicModule } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NestFactory } from '@nestjs/core';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runTokenwardCli } from '../../src/cli/index.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { captureCli } from '../support/cli-run.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';
import {
  AuthModule,
  AuthenticateUserCommand,
  CommandBus,
  GetSigningKeysQuery,
  QueryBus,
} from '../support/tokenward.js';

const ACCESS_TTL_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 5;
const GRACE_SECONDS = 45;

/** A host app as users write one: its own root module, Tokenward configured its way. */
@Module({})
class ShopAppModule {
  static register(uri: string): DynamicModule {
    return {
      module: ShopAppModule,
      imports: [
        MongooseModule.forRoot(uri),
        AuthModule.forRoot({
          secret: TEST_SECRET,
          argon2: FAST_ARGON2,
          storage: 'mongoose',
          mongoose: { collectionPrefix: 'shop_' },
          accessTokenTtlSeconds: ACCESS_TTL_SECONDS,
          globalGracePeriodSeconds: GRACE_SECONDS,
          password: { minLength: 16 },
          mountControllers: false,
        }),
      ],
    };
  }
}

describe('runTokenwardCli(AppModule)', () => {
  const uri = uniqueMongoUri(inject('mongoUri'), 'host-cli');
  const app = ShopAppModule.register(uri);

  const cli = (argv: string[], env: Record<string, string> = {}) =>
    captureCli((io) => runTokenwardCli(app, { argv, io }), { env });

  afterAll(async () => {
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it("creates the admin under the app's password policy, in the app's collections", async () => {
    // 12 characters: enough for the default policy (8), not for this app's (16).
    const refused = await cli(
      ['create-admin', '--username', 'root', '--email', 'root@shop.test'],
      { TOKENWARD_ADMIN_PASSWORD: 'twelve chars' },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: .*16.*\n$/);

    const created = await cli(
      ['create-admin', '--username', 'root', '--email', 'root@shop.test'],
      { TOKENWARD_ADMIN_PASSWORD: 'a long enough admin password' },
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });

    const context = await NestFactory.createApplicationContext(app, {
      logger: false,
    });
    try {
      const user = await context
        .get(CommandBus)
        .execute(
          new AuthenticateUserCommand('root', 'a long enough admin password'),
        );
      expect(user.roles).toEqual(['admin']);
    } finally {
      await context.close();
    }
    const connection = await mongoose.createConnection(uri).asPromise();
    try {
      expect(
        await connection.db!.collection('shop_users').countDocuments(),
      ).toBe(1);
      expect(
        await connection.db!.collection('tokenward_users').countDocuments(),
      ).toBe(0);
    } finally {
      await connection.close();
    }
    const status = JSON.parse((await cli(['status', '--json'])).stdout) as {
      active_users: number;
    };
    expect(status.active_users).toBe(1);
  });

  it("rotates the global version with the app's grace period, not the default 300 s", async () => {
    const run = await cli(['rotate-global', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      grace_period_seconds: GRACE_SECONDS,
    });
  });

  it("rotate-keys: the previous key verifies for the app's token lifetime, stored with the key so the app reports the same", async () => {
    const before = Date.now();
    const run = await cli(['rotate-keys', '--json', '--reason', 'quarterly']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      previous_kid: string;
      rotated_at: string;
      previous_key_verifies_until: string;
    };
    const window = (ACCESS_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS) * 1000;
    expect(Date.parse(result.previous_key_verifies_until)).toBe(
      Date.parse(result.rotated_at) + window,
    );
    expect(Date.parse(result.rotated_at)).toBeGreaterThanOrEqual(before - 1000);

    // An instance of another configuration (the defaults: 900 s) reads the same date.
    const elsewhere = await NestFactory.createApplicationContext(
      {
        module: ShopAppModule,
        imports: [
          MongooseModule.forRoot(uri),
          AuthModule.forRoot({
            secret: TEST_SECRET,
            storage: 'mongoose',
            mongoose: { collectionPrefix: 'shop_' },
            mountControllers: false,
          }),
        ],
      },
      { logger: false },
    );
    try {
      const keys = await elsewhere
        .get(QueryBus)
        .execute(new GetSigningKeysQuery());
      const previous = keys.find((k) => k.kid === result.previous_kid);
      expect(previous?.verifiesUntil?.toISOString()).toBe(
        result.previous_key_verifies_until,
      );
    } finally {
      await elsewhere.close();
    }
  });

  it('answers --help and usage errors without booting the app', async () => {
    const unbootable = (argv: string[]) =>
      captureCli((io) => runTokenwardCli(BrokenAppModule, { argv, io }));

    const help = await unbootable(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tokenward <command> \[options\]\n/);
    const usage = await unbootable(['rotate-user']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: rotate-user needs a <user-id>\n/);

    expect(await unbootable(['status'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: starting BrokenAppModule failed: the app refuses to start\n',
    });
  });

  it('gives up on an app that does not finish booting, with one clear line, at the time limit', async () => {
    let release: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const started = Date.now();
    const run = await captureCli((io) =>
      runTokenwardCli(hangingAppModule(hanging), {
        argv: ['status'],
        connectTimeoutMs: 500,
        io,
      }),
    );
    release();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error: starting HangingAppModule: no answer within 0.5 s (is the database reachable?)\n',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

/** A host module whose bootstrap fails (a provider that throws). */
@Module({
  providers: [
    {
      provide: 'BROKEN',
      useFactory: () => {
        throw new Error('the app refuses to start');
      },
    },
  ],
})
class BrokenAppModule {}

@Module({})
class HangingAppModule {}

/** A host module whose bootstrap waits on `until` (a database that never answers). */
function hangingAppModule(until: Promise<void>): DynamicModule {
  return {
    module: HangingAppModule,
    providers: [{ provide: 'SLOW', useFactory: () => until }],
  };
}
