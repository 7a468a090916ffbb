import { Command, Option } from 'nest-commander';
import { TriggerGlobalTokenRotationCommand } from '../../application/commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { toGlobalRotationResponse } from '../../interface/http/presenters/http-response.presenter.js';
import type { CliOutput } from '../cli-runtime.js';
import { CliUsageError } from '../cli-usage.error.js';
import { AuditedCliCommand, type AuditedFlags } from './audited-cli-command.js';

interface RotateGlobalFlags extends AuditedFlags {
  readonly grace?: number;
}

/** `rotate-global`: `TriggerGlobalTokenRotationCommand` (the app's grace period unless `--grace`). */
@Command({
  name: 'rotate-global',
  description: 'rotate the global token version',
  allowExcessArgs: true,
})
export class RotateGlobalCliCommand extends AuditedCliCommand<RotateGlobalFlags> {
  @Option({ flags: '--grace <value>' })
  parseGrace(raw: string): number {
    const value = this.flagValue('--grace', raw);
    if (!/^\d{1,9}$/.test(value)) {
      throw new CliUsageError(
        `--grace must be a whole number of seconds (got '${value}')`,
      );
    }
    return Number(value);
  }

  protected execute(
    _args: string[],
    flags: RotateGlobalFlags,
  ): Promise<CliOutput> {
    return this.runtime.withApp(flags.json === true, async ({ commands }) => {
      const result = await commands.execute(
        new TriggerGlobalTokenRotationCommand(flags.grace, {
          reason: flags.reason,
        }),
      );
      return {
        json: toGlobalRotationResponse(result),
        text:
          `global token version rotated: ${result.previousVersion} -> ${result.newVersion}\n` +
          `tokens of version ${result.previousVersion} are accepted until ` +
          `${result.graceEndsAt.toISOString()} (grace ${result.gracePeriodSeconds} s)\n`,
      };
    });
  }
}
