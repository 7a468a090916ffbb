// `tokenward reset-password <user>` inside a host's module on the real bundled MongoDB: the mail
// goes out through the app's own SMTP transport (to a real SMTP server in this process) before
// the CLI exits, and its link resets the password.
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runTokenwardCli } from '../../src/cli/index.js';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import { captureCli } from '../support/cli-run.js';
import { FAST_ARGON2, TEST_SECRET } from '../support/fixture-app.js';
import { linkOf, useSmtpInbox, type SmtpInbox } from '../support/smtp-inbox.js';
import {
  AuthModule,
  AuthenticateUserCommand,
  CommandBus,
  GenerateAuthTokensCommand,
  RegisterUserCommand,
  ResetPasswordCommand,
} from '../support/tokenward.js';

@Module({})
class MailingAppModule {
  static register(uri: string, inbox: SmtpInbox): DynamicModule {
    return {
      module: MailingAppModule,
      imports: [
        MongooseModule.forRoot(uri),
        AuthModule.forRoot({
          secret: TEST_SECRET,
          argon2: FAST_ARGON2,
          storage: 'mongoose',
          appUrl: 'https://shop.example.test',
          mail: { smtpUrl: inbox.url, from: 'Shop <accounts@shop.test>' },
          mountControllers: false,
        }),
      ],
    };
  }
}

describe('tokenward reset-password', () => {
  const inbox = useSmtpInbox();
  const uri = uniqueMongoUri(inject('mongoUri'), 'reset-password-cli');
  const app = () => MailingAppModule.register(uri, inbox);
  const cli = (argv: string[]) =>
    captureCli((io) => runTokenwardCli(app(), { argv, io }));

  afterAll(async () => {
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  it('mails the user (by username, email or id) a reset link through the app transport and revokes every session', async () => {
    const context = await NestFactory.createApplicationContext(app(), {
      logger: false,
    });
    const commands = context.get(CommandBus);
    const user = await commands.execute(
      new RegisterUserCommand('dana', 'dana@shop.test', 'the old password'),
    );
    await commands.execute(new GenerateAuthTokensCommand(user.id));

    const run = await cli(['reset-password', 'dana', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      user_id: user.id,
      email: 'dana@shop.test',
      revoked_sessions: 1,
    });
    const mail = await inbox.waitFor('dana@shop.test');
    expect(mail.from).toContain('accounts@shop.test');
    const { url, token } = linkOf(mail);
    expect(url.origin).toBe('https://shop.example.test');

    await commands.execute(new ResetPasswordCommand(token, 'the new password'));
    await expect(
      commands.execute(new AuthenticateUserCommand('dana', 'the new password')),
    ).resolves.toMatchObject({ userId: user.id });
    await context.close();

    expect((await cli(['reset-password', user.id])).code).toBe(0);
    expect((await cli(['reset-password', 'DANA@shop.test'])).code).toBe(0);
    await inbox.waitFor('dana@shop.test', 3);
    const unknown = await cli(['reset-password', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no user 'nobody'");
  });
});
