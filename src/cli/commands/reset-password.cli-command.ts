import { Command } from 'nest-commander';
import { SendPasswordResetCommand } from '../../application/commands/send-password-reset/send-password-reset.command.js';
import type { CliOutput } from '../cli-runtime.js';
import {
  TokenwardCliCommand,
  type GlobalFlags,
} from './tokenward-cli-command.js';

/**
 * `reset-password <user>` (id, email or username): `SendPasswordResetCommand`, every session of
 * the user revoked and a reset mail queued; the app is closed only once the outbox has tried to
 * send it (through the app's own mail transport).
 */
@Command({
  name: 'reset-password',
  arguments: '[user]',
  description: 'send a user a password-reset mail; every session revoked',
  allowExcessArgs: true,
})
export class ResetPasswordCliCommand extends TokenwardCliCommand {
  protected override readonly positionals = ['user'];

  protected execute(
    [identifier]: string[],
    flags: GlobalFlags,
  ): Promise<CliOutput> {
    return this.withUser(
      identifier as string,
      flags,
      async (user, { commands }) => {
        const result = await commands.execute(
          new SendPasswordResetCommand(user.id),
        );
        return {
          json: {
            user_id: user.id,
            email: user.email,
            revoked_sessions: result.revokedSessions,
          },
          text: `reset mail queued for ${user.username} <${user.email}>; ${result.revokedSessions} session(s) revoked\n`,
        };
      },
    );
  }
}
