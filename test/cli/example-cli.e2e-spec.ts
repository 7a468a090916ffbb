// example/cli.ts runs the tokenward commands inside the example's AppModule: the options come
// from the example's environment (validated by ConfigModule), not from the module's defaults.

import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { AppModule } from '../../example/app.module.js';
import { runTokenwardCli } from '../../src/cli/index.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { captureCli } from '../support/cli-run.js';
import { TEST_SECRET } from '../support/fixture-app.js';

describe('the example app as the CLI host', () => {
  const uri = uniqueMongoUri(inject('mongoUri'), 'example-cli');
  const env = {
    MONGODB_URI: uri,
    JWT_SECRET: TEST_SECRET,
    TOKENWARD_ACCESS_TTL_SECONDS: '600',
    TOKENWARD_GLOBAL_GRACE_SECONDS: '30',
  };

  const cli = (argv: string[], appEnv: Record<string, string> = env) =>
    captureCli((io) =>
      runTokenwardCli(AppModule.register({ env: appEnv }), { argv, io }),
    );

  afterAll(async () => {
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it("rotates with the example's configured grace period and token lifetime", async () => {
    const global = await cli(['rotate-global', '--json']);
    expect(global).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(global.stdout)).toMatchObject({
      grace_period_seconds: 30,
    });

    const keys = await cli(['rotate-keys', '--json']);
    expect(keys).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(keys.stdout) as {
      rotated_at: string;
      previous_key_verifies_until: string;
    };
    expect(
      Date.parse(result.previous_key_verifies_until) -
        Date.parse(result.rotated_at),
    ).toBe((600 + 5) * 1000);

    const status = await cli(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^global token version: 2\n/);
  });

  it("fails with the example's own configuration error, as one line", async () => {
    const run = await cli(['status'], { ...env, JWT_SECRET: 'short' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: starting AppModule failed: Invalid environment:/,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
