// `tokenward reset-mfa <user>` inside a host's module on the real bundled MongoDB: the host app's
// factor store (a test MfaMethodSource registered at start-up, the seam the TOTP and passkey
// stores use) loses the user's factors, every session of the user is revoked, and the audit
// trail records `mfa_reset` with the --reason and no actor.
import {
  Injectable,
  Module,
  type DynamicModule,
  type OnModuleInit,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runTokenwardCli } from '../../src/cli/index.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { captureCli } from '../support/cli-run.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';
import {
  AuthModule,
  AuthenticateUserCommand,
  BeginMfaLoginCommand,
  CommandBus,
  CompleteMfaLoginCommand,
  ListAuditRecordsQuery,
  MfaMethodsService,
  QueryBus,
  RefreshAuthTokensCommand,
  RegisterUserCommand,
  TokenRevokedError,
} from '../support/tokenward.js';

/** Users holding a factor in the host's store (the CLI runs in this process). */
const WITH_FACTOR = new Set<string>();

@Injectable()
class HostFactorStore implements OnModuleInit {
  constructor(private readonly methods: MfaMethodsService) {}

  onModuleInit(): void {
    this.methods.register({
      methodsOf: async (userId) => (WITH_FACTOR.has(userId) ? ['totp'] : []),
      reset: async (userId) => {
        WITH_FACTOR.delete(userId);
      },
    });
  }
}

@Module({})
class HostAppModule {
  static register(uri: string): DynamicModule {
    return {
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
      providers: [HostFactorStore],
    };
  }
}

describe('tokenward reset-mfa', () => {
  const uri = uniqueMongoUri(inject('mongoUri'), 'reset-mfa-cli');
  const app = () => HostAppModule.register(uri);
  const cli = (argv: string[]) =>
    captureCli((io) => runTokenwardCli(app(), { argv, io }));

  afterAll(async () => {
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it("removes the user's factors (by username, email or id), revokes every session and audits it", async () => {
    const context = await NestFactory.createApplicationContext(app(), {
      logger: false,
    });
    const commands = context.get(CommandBus);
    const queries = context.get(QueryBus);
    const user = await commands.execute(
      new RegisterUserCommand('erin', 'erin@shop.test', 'erin password 1'),
    );
    const other = await commands.execute(
      new RegisterUserCommand('frank', 'frank@shop.test', 'frank password 1'),
    );
    WITH_FACTOR.add(user.id);
    WITH_FACTOR.add(other.id);
    // An MFA login through the seam: the session the reset must end.
    await commands.execute(
      new AuthenticateUserCommand('erin', 'erin password 1'),
    );
    const challenge = await commands.execute(new BeginMfaLoginCommand(user.id));
    expect(challenge).not.toBeNull();
    const login = await commands.execute(
      new CompleteMfaLoginCommand(challenge!.mfaToken, ['otp']),
    );

    const run = await cli([
      'reset-mfa',
      'erin',
      '--reason',
      'lost phone',
      '--json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      user_id: user.id,
      username: 'erin',
      revoked_sessions: 1,
    });
    expect(WITH_FACTOR.has(user.id)).toBe(false);
    expect(WITH_FACTOR.has(other.id)).toBe(true);
    await expect(
      commands.execute(new RefreshAuthTokensCommand(login.tokens.refreshToken)),
    ).rejects.toBeInstanceOf(TokenRevokedError);
    // The next login is the password alone.
    await expect(
      commands.execute(new BeginMfaLoginCommand(user.id)),
    ).resolves.toBeNull();
    const page = await queries.execute(new ListAuditRecordsQuery(0, 10));
    expect(
      page.items.find((record) => record.action === 'mfa_reset'),
    ).toMatchObject({
      actorId: null,
      subjectId: user.id,
      reason: 'lost phone',
      details: { revokedSessions: 1 },
    });
    await context.close();

    const human = await cli(['reset-mfa', 'FRANK@shop.test']);
    expect(human).toMatchObject({
      code: 0,
      stdout: 'second factors of frank reset; 0 session(s) revoked\n',
    });
    expect(WITH_FACTOR.has(other.id)).toBe(false);
    expect((await cli(['reset-mfa', user.id])).code).toBe(0);

    const unknown = await cli(['reset-mfa', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no user 'nobody'");
    const missing = await cli(['reset-mfa']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('reset-mfa needs a <user>');
  });
});
