import { Command } from 'nest-commander';
import { ResetUserMfaCommand } from '../../application/commands/reset-user-mfa/reset-user-mfa.command.js';
import type { CliOutput } from '../cli-runtime.js';
import { AuditedCliCommand, type AuditedFlags } from './audited-cli-command.js';

/**
 * `reset-mfa <user>` (id, email or username): `ResetUserMfaCommand`, every second factor of the
 * user removed from every factor store the app registers, every session revoked, audited as
 * `mfa_reset` (no actor: the CLI is the system).
 */
@Command({
  name: 'reset-mfa',
  arguments: '[user]',
  description: "remove a user's second factors; every session revoked",
  allowExcessArgs: true,
})
export class ResetMfaCliCommand extends AuditedCliCommand {
  protected override readonly positionals = ['user'];

  protected execute(
    [identifier]: string[],
    flags: AuditedFlags,
  ): Promise<CliOutput> {
    return this.withUser(
      identifier as string,
      flags,
      async (user, { commands }) => {
        const result = await commands.execute(
          new ResetUserMfaCommand(user.id, { reason: flags.reason }),
        );
        return {
          json: {
            user_id: user.id,
            username: user.username,
            revoked_sessions: result.revokedSessions,
          },
          text: `second factors of ${user.username} reset; ${result.revokedSessions} session(s) revoked\n`,
        };
      },
    );
  }
}
