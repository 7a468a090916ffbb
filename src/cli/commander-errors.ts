import type { CommandRunner } from 'nest-commander';
import { CliUsageError } from './cli-usage.error.js';

/** Commander's `Command`, as nest-commander hands it to each command (commander is its dependency, not ours). */
export type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

type ExitCallback = NonNullable<
  Parameters<CommanderCommand['exitOverride']>[0]
>;
/** Commander's `CommanderError`. */
export type CommanderError = Parameters<ExitCallback>[0];

/** Commander's way out after printing help or the version: nothing more to say. */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

/**
 * Commander's parse errors in the CLI's own words (the ones `tokenward` has always printed, which
 * scripts and the docs rely on); help and version become a clean exit. `command` is the command
 * that failed to parse, or null for the program itself.
 */
export function commanderUsageError(
  error: CommanderError,
  command: CommanderCommand | null,
): Error {
  const text = error.message.replace(/^error: /, '');
  switch (error.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return new CliExit(0);
    case 'commander.help':
      // `tokenward --json` and the like: commander printed the usage on stderr already.
      return new CliExit(2);
    case 'commander.unknownOption': {
      const flag = /'([^']+)'/.exec(text)?.[1] ?? text;
      const known = command?.parent?.commands.some((other) =>
        other.options.some((option) => option.long === flag),
      );
      return command !== null && known === true
        ? new CliUsageError(`${command.name()} does not take ${flag}`)
        : new CliUsageError(`Unknown option '${flag}'`);
    }
    case 'commander.optionMissingArgument':
      return new CliUsageError(text.charAt(0).toUpperCase() + text.slice(1));
    default:
      return new CliUsageError(text);
  }
}
