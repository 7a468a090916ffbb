// The `tokenward` CLI (runCli, what the bin calls) against the real bundled MongoDB: each command
// reads and writes the same collections an app built with AuthModule + storage 'mongoose' uses,
// which the spec checks through such an app's buses.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/run-cli.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { captureCli, type CliRun } from '../support/cli-run.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';
import {
  AccessTokenCodec,
  AuthModule,
  AuthenticateUserCommand,
  CommandBus,
  GenerateAuthTokensCommand,
  RegisterUserCommand,
} from '../support/tokenward.js';

const ADMIN_PASSWORD = 'admin password 123';

@Module({})
class HostAppModule {}

/** A loopback port nothing listens on (bound once by the OS, then released). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('tokenward CLI', () => {
  const uri = uniqueMongoUri(inject('mongoUri'), 'cli');
  // The app whose database the CLI administers: same storage, its own secret.
  let app: INestApplicationContext;

  function cli(
    argv: string[],
    options: {
      env?: Record<string, string | undefined>;
      stdin?: CliIo['stdin'];
    } = {},
  ): Promise<CliRun> {
    return captureCli((io) => runCli(argv, io), {
      env: { MONGODB_URI: uri, ...options.env },
      stdin: options.stdin,
    });
  }

  async function statusJson(): Promise<{
    global_rotation: {
      version: number;
      previous_version: number | null;
      grace_ends_at: string | null;
      reason: string | null;
    };
    active_users: number;
    active_sessions: number;
  }> {
    const run = await cli(['status', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  }

  function expectNoStackTrace(text: string): void {
    expect(text).not.toMatch(/^\s+at /m);
  }

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(
      {
        module: HostAppModule,
        imports: [
          MongooseModule.forRoot(uri),
          AuthModule.forRoot({
            secret: TEST_SECRET,
            argon2: FAST_ARGON2,
            storage: 'mongoose',
            mountControllers: false,
          }),
        ],
      },
      { logger: false },
    );
  });

  afterAll(async () => {
    await app?.close();
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it('reports an empty installation: version 1, no previous version, nobody active', async () => {
    const run = await cli(['status']);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'global token version: 1\n' +
        'previous version:     none\n' +
        'active users:         0\n' +
        'active sessions:      0\n' +
        'signing key:          none yet (created at the first login)\n',
    });
  });

  it('create-admin makes an admin who can log in with the password from TOKENWARD_ADMIN_PASSWORD', async () => {
    const run = await cli(
      ['create-admin', '--username', 'root', '--email', 'root@example.test'],
      { env: { TOKENWARD_ADMIN_PASSWORD: ADMIN_PASSWORD } },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^created admin 'root' <root@example\.test> with id \S+\n$/,
    );

    const user = await app
      .get(CommandBus)
      .execute(new AuthenticateUserCommand('root', ADMIN_PASSWORD));
    expect(user.username).toBe('root');
    expect(user.roles).toEqual(['admin']);
    await app
      .get(CommandBus)
      .execute(new GenerateAuthTokensCommand(user.userId));

    const status = await statusJson();
    expect(status.active_users).toBe(1);
    expect(status.active_sessions).toBe(1);
  });

  it('create-admin reads a piped password from stdin, without its trailing newline, and prints JSON', async () => {
    const run = await cli(
      [
        'create-admin',
        '--username',
        'ops',
        '--email',
        'ops@example.test',
        '--json',
      ],
      { stdin: Readable.from([Buffer.from('piped secret 456\n')]) },
    );
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({
      username: 'ops',
      email: 'ops@example.test',
      is_active: true,
      roles: ['admin'],
    });
    expect(created).not.toHaveProperty('password_hash');

    const user = await app
      .get(CommandBus)
      .execute(new AuthenticateUserCommand('ops', 'piped secret 456'));
    expect(user.userId).toBe(created.id);
  });

  it('create-admin refuses an existing username or email with exit code 1', async () => {
    const run = await cli(
      ['create-admin', '--username', 'root', '--email', 'other@example.test'],
      { env: { TOKENWARD_ADMIN_PASSWORD: 'another password' } },
    );
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "error: a user with username 'root' or email 'other@example.test' already exists\n",
    });
    expect((await statusJson()).active_users).toBe(2);
  });

  it('create-admin without a password (none in the environment, a terminal on stdin) exits 2', async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const run = await cli(
      ['create-admin', '--username', 'nopw', '--email', 'nopw@example.test'],
      { stdin: tty },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: no password: set TOKENWARD_ADMIN_PASSWORD or pipe the password on stdin\n\nUsage: tokenward/,
    );
  });

  it('create-admin reports a password the policy refuses with exit code 1', async () => {
    const run = await cli(
      [
        'create-admin',
        '--username',
        'shorty',
        '--email',
        'shorty@example.test',
      ],
      { env: { TOKENWARD_ADMIN_PASSWORD: 'short' } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*password.*\n$/i);
    expectNoStackTrace(run.stderr);
  });

  it('rotate-global increments the global version, and status shows the new one with its grace window', async () => {
    const before = (await statusJson()).global_rotation.version;

    const human = await cli([
      'rotate-global',
      '--grace',
      '120',
      '--reason',
      'drill',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(
        `^global token version rotated: ${before} -> ${before + 1}\\n` +
          `tokens of version ${before} are accepted until \\S+Z \\(grace 120 s\\)\\n$`,
      ),
    );

    const json = await cli(['rotate-global', '--json', '--grace', '0']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({
      previous_version: before + 1,
      new_version: before + 2,
      grace_period_seconds: 0,
    });

    const status = await statusJson();
    expect(status.global_rotation).toMatchObject({
      version: before + 2,
      previous_version: before + 1,
      grace_ends_at: result.grace_ends_at,
    });
    const text = await cli(['status']);
    expect(text.stdout).toContain(`global token version: ${before + 2}\n`);
    expect(text.stdout).toContain(
      `previous version:     ${before + 1} (grace ended ${result.grace_ends_at})\n`,
    );
  });

  it('rotate-global reports a grace period longer than a refresh token lives with exit code 1', async () => {
    const run = await cli(['rotate-global', '--grace', '999999999']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error: grace_period_seconds must be an integer/,
    );
  });

  it('rotate-user bumps a real user token version; an unknown id exits 1', async () => {
    const user = await app
      .get(CommandBus)
      .execute(
        new RegisterUserCommand(
          'carol',
          'carol@example.test',
          'carol password',
        ),
      );

    const first = await cli([
      'rotate-user',
      user.id,
      '--reason',
      'lost laptop',
    ]);
    expect(first).toEqual({
      code: 0,
      stderr: '',
      stdout: `token version of user ${user.id} rotated: 1 -> 2\n`,
    });
    const second = await cli(['rotate-user', '--json', user.id]);
    expect(JSON.parse(second.stdout)).toEqual({
      user_id: user.id,
      previous_version: 2,
      new_version: 3,
    });

    const unknown = await cli(['rotate-user', 'no-such-user']);
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: no user with id 'no-such-user'\n",
    });
  });

  it.each([
    [['nope'], "unknown command 'nope'"],
    [['status', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['status', 'extra'], "unexpected argument 'extra' for status"],
    [['status', '--username', 'x'], 'status does not take --username'],
    [
      ['rotate-global', '--grace', 'abc'],
      "--grace must be a whole number of seconds (got 'abc')",
    ],
    [
      ['rotate-global', '--grace', '1.5'],
      "--grace must be a whole number of seconds (got '1.5')",
    ],
    [['rotate-global', '--grace'], "Option '--grace <value>' argument missing"],
    [
      ['rotate-global', '--grace', '--reason', 'x'],
      "Option '--grace' argument is ambiguous",
    ],
    [['rotate-user'], 'rotate-user needs a <user-id>'],
    [['rotate-user', 'a', 'b'], "unexpected argument 'b' for rotate-user"],
    [['create-admin', '--username', 'x'], '--email is required'],
    [
      ['create-admin', '--email', 'x@example.test', '--password', 'pw'],
      "Unknown option '--password'",
    ],
  ])(
    '%j is a usage error: exit 2, message and usage on stderr',
    async (argv, message) => {
      const run = await cli(argv, {
        env: { TOKENWARD_ADMIN_PASSWORD: 'never used here' },
      });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`error: ${message}`)).toBe(true);
      expect(run.stderr).toContain('\nUsage: tokenward <command> [options]\n');
      expectNoStackTrace(run.stderr);
    },
  );

  it('with no arguments prints usage on stderr and exits 2; --help prints it on stdout and exits 0', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: tokenward <command> \[options\]\n/);

    for (const argv of [['--help'], ['-h'], ['rotate-global', '--help']]) {
      const help = await cli(argv);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout).toBe(none.stderr);
    }
  });

  it('without MONGODB_URI exits 2 with a clear message', async () => {
    const run = await cli(['status'], { env: { MONGODB_URI: undefined } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: MONGODB_URI is not set: point it at the MongoDB your app uses\n',
    );
  });

  describe('rotate-keys', () => {
    /** A token the app signs now, and the `kid` in its header. */
    async function appToken(): Promise<{ token: string; kid: string }> {
      const { token } = await app
        .get(AccessTokenCodec)
        .sign(
          { sub: 'u', jti: 'j', sid: 's', gv: 1, uv: 1, roles: [] },
          new Date(),
        );
      const header = JSON.parse(
        Buffer.from(token.split('.')[0] as string, 'base64url').toString(),
      ) as { kid: string; alg: string };
      return { token, kid: header.kid };
    }

    const verifies = (token: string) =>
      app
        .get(AccessTokenCodec)
        .verify(token, new Date())
        .then(
          () => true,
          () => false,
        );

    it("rotates the app's HS256 key: the app signs with the new one after its poll, old tokens still verify", async () => {
      const before = await appToken();
      const run = await cli(['rotate-keys', '--reason', 'quarterly']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const [, from, to] =
        /^signing key rotated: (\S+) -> (\S+) \(HS256\)\nprevious key verifies its tokens until \S+\n$/.exec(
          run.stdout,
        ) ?? [];
      expect(from).toBe(before.kid);
      expect(to).not.toBe(before.kid);
      await expect.poll(async () => (await appToken()).kid).toBe(to);
      expect(await verifies(before.token)).toBe(true);

      const status = JSON.parse((await cli(['status', '--json'])).stdout) as {
        signing_keys: Array<{ kid: string; status: string }>;
      };
      expect(status.signing_keys.slice(0, 2)).toMatchObject([
        { kid: to, status: 'active' },
        { kid: before.kid, status: 'retired' },
      ]);
      expect(JSON.stringify(status)).not.toMatch(/sealed|"d"/);
    });

    it('--revoke-previous: the app refuses tokens of the older keys within its poll bound', async () => {
      const before = await appToken();
      const run = await cli(['rotate-keys', '--revoke-previous', '--json']);
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as {
        revoked_kids: string[];
        previous_key_verifies_until: string | null;
      };
      expect(result.revoked_kids).toContain(before.kid);
      expect(result.previous_key_verifies_until).toBeNull();
      await expect.poll(() => verifies(before.token)).toBe(false);
      expect(await verifies((await appToken()).token)).toBe(true);
    });

    it("switches to EdDSA with the app's secret, which the app can then sign with", async () => {
      const missing = await cli(['rotate-keys'], {
        env: { TOKENWARD_SIGNING_ALGORITHM: 'EdDSA' },
      });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/TOKENWARD_SECRET/);

      const run = await cli(['rotate-keys', '--json'], {
        env: {
          TOKENWARD_SIGNING_ALGORITHM: 'EdDSA',
          TOKENWARD_SECRET: TEST_SECRET,
        },
      });
      expect(run.code).toBe(0);
      const { kid, algorithm } = JSON.parse(run.stdout) as {
        kid: string;
        algorithm: string;
      };
      expect(algorithm).toBe('EdDSA');
      await expect.poll(async () => (await appToken()).kid).toBe(kid);
      expect(await verifies((await appToken()).token)).toBe(true);
    });

    it('refuses a TOKENWARD_SECRET that does not open the keys in the ring (exit 1), and bad settings (exit 2)', async () => {
      const before = await appToken();
      const wrong = await cli(['rotate-keys'], {
        env: {
          TOKENWARD_SIGNING_ALGORITHM: 'EdDSA',
          TOKENWARD_SECRET: 'another-secret-0123456789abcdef-0123456789',
        },
      });
      expect(wrong).toMatchObject({ code: 1, stdout: '' });
      expect(wrong.stderr).toMatch(
        /^error: TOKENWARD_SECRET does not open the current signing keys/,
      );
      expect((await appToken()).kid).toBe(before.kid);

      for (const env of [
        { TOKENWARD_SIGNING_ALGORITHM: 'RS256' },
        { TOKENWARD_SECRET: 'too-short' },
      ]) {
        const run = await cli(['rotate-keys'], { env });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
        expect(run.stderr).not.toContain('too-short');
      }
      const flag = await cli(['rotate-keys', '--grace', '5']);
      expect(flag.code).toBe(2);
      expect(flag.stderr).toMatch(/rotate-keys does not take --grace/);
    });

    it("with --revoke-previous accepts a TOKENWARD_SECRET that does not open the old keys: the way back after the app's secret changed", async () => {
      const newSecret = 'the-new-app-secret-0123456789abcdef-0123456789';
      const run = await cli(['rotate-keys', '--revoke-previous', '--json'], {
        env: {
          TOKENWARD_SIGNING_ALGORITHM: 'EdDSA',
          TOKENWARD_SECRET: newSecret,
        },
      });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as { revoked_kids: string[] };
      expect(result.revoked_kids.length).toBeGreaterThan(0);
      // Sealed under the new secret: the CLI with that secret now passes the check.
      const again = await cli(['rotate-keys'], {
        env: { TOKENWARD_SECRET: newSecret },
      });
      expect(again.code).toBe(0);
    });

    it("keeps the previous key for the app's token lifetime given in TOKENWARD_ACCESS_TTL_SECONDS (default 900 s)", async () => {
      const rotate = async (env: Record<string, string>) => {
        const run = await cli(['rotate-keys', '--json'], {
          env: { TOKENWARD_SIGNING_ALGORITHM: 'HS256', ...env },
        });
        expect(run).toMatchObject({ code: 0, stderr: '' });
        const result = JSON.parse(run.stdout) as {
          rotated_at: string;
          previous_key_verifies_until: string;
        };
        return (
          (Date.parse(result.previous_key_verifies_until) -
            Date.parse(result.rotated_at)) /
          1000
        );
      };
      expect(await rotate({})).toBe(900 + 5);
      expect(await rotate({ TOKENWARD_ACCESS_TTL_SECONDS: '3600' })).toBe(
        3600 + 5,
      );

      const bad = await cli(['rotate-keys'], {
        env: { TOKENWARD_ACCESS_TTL_SECONDS: '1h' },
      });
      expect(bad).toEqual({
        code: 2,
        stdout: '',
        stderr:
          "error: TOKENWARD_ACCESS_TTL_SECONDS must be a whole number of seconds (got '1h')\n",
      });
    });
  });

  it('--version prints the package version on stdout and exits 0, without connecting', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    for (const argv of [['--version'], ['-V']]) {
      expect(await cli(argv, { env: { MONGODB_URI: undefined } })).toEqual({
        code: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
  });

  it('shows a progress line on a terminal while it connects, erased once connected; none with --json', async () => {
    const human = await captureCli((io) => runCli(['status'], io), {
      env: { MONGODB_URI: uri },
      tty: true,
    });
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('tokenward: connecting to MongoDB…\r\x1b[2K');
    expect(human.stdout).toMatch(/^global token version: /);

    const json = await captureCli((io) => runCli(['status', '--json'], io), {
      env: { MONGODB_URI: uri },
      tty: true,
    });
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    expect(JSON.parse(json.stdout)).toHaveProperty('global_rotation');
  });

  it('reports a MongoDB where nothing listens within a few seconds: one error line, exit 1', async () => {
    const port = await unusedPort();
    const started = Date.now();
    const run = await cli(['status'], {
      env: { MONGODB_URI: `mongodb://127.0.0.1:${port}/tokenward` },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: connecting to MongoDB failed: .*127\\.0\\.0\\.1:${port}[^\\n]*\\n$`,
      ),
    );
    // Generous bound: the CLI gives up after 3 s of server selection (it used to take 10 s).
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('reports a MongoDB URI it cannot use as one error line, exit 1, no stack trace', async () => {
    const run = await cli(['status'], {
      env: { MONGODB_URI: 'http://127.0.0.1/db' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: [^\n]+\n$/);
    expectNoStackTrace(run.stderr);
  });
});
