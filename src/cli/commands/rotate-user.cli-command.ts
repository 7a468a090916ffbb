import { Command } from 'nest-commander';
import { TriggerUserTokenRotationCommand } from '../../application/commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import { UserNotFoundError } from '../../domain/errors/user-not-found.error.js';
import { toUserRotationResponse } from '../../interface/http/presenters/http-response.presenter.js';
import type { CliOutput } from '../cli-runtime.js';
import { AuditedCliCommand, type AuditedFlags } from './audited-cli-command.js';

/** `rotate-user <user-id>`: `TriggerUserTokenRotationCommand`, every token of the user stops. */
@Command({
  name: 'rotate-user',
  arguments: '[user-id]',
  description: "rotate one user's token version",
  allowExcessArgs: true,
})
export class RotateUserCliCommand extends AuditedCliCommand {
  protected override readonly positionals = ['user-id'];

  protected execute(
    [userId]: string[],
    flags: AuditedFlags,
  ): Promise<CliOutput> {
    const id = userId as string;
    return this.runtime.withApp(flags.json === true, async ({ commands }) => {
      try {
        const result = await commands.execute(
          new TriggerUserTokenRotationCommand(id, { reason: flags.reason }),
        );
        return {
          json: toUserRotationResponse(result),
          text: `token version of user ${result.userId} rotated: ${result.previousVersion} -> ${result.newVersion}\n`,
        };
      } catch (error) {
        if (error instanceof UserNotFoundError) {
          throw new Error(`no user with id '${id}'`, { cause: error });
        }
        throw error;
      }
    });
  }
}
