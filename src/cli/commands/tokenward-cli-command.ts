import { Injectable } from '@nestjs/common';
import { CommandRunner, Option } from 'nest-commander';
import type { PublicUser } from '../../application/dtos/public-user.dto.js';
import { FindUserQuery } from '../../application/queries/find-user/find-user.query.js';
import { CliRuntime, type CliBuses, type CliOutput } from '../cli-runtime.js';
import { CliUsageError } from '../cli-usage.error.js';
import {
  commanderUsageError,
  type CommanderCommand,
} from '../commander-errors.js';

/** Flags every command takes. */
export interface GlobalFlags {
  readonly json?: boolean;
}

/**
 * One `tokenward` command: a Nest provider with its flags (`@Option` methods, which parse and
 * check their value) and `execute`, which returns what to print. The base class adds `--json`,
 * checks the positional arguments and turns commander's parse errors into the CLI's own.
 */
@Injectable()
export abstract class TokenwardCliCommand<
  Flags extends GlobalFlags = GlobalFlags,
> extends CommandRunner {
  /** Names of the positional arguments, in order (all required). */
  protected readonly positionals: readonly string[] = [];

  constructor(protected readonly runtime: CliRuntime) {
    super();
  }

  protected abstract execute(args: string[], flags: Flags): Promise<CliOutput>;

  @Option({ flags: '--json', description: 'machine-readable output' })
  parseJson(): boolean {
    return true;
  }

  override setCommand(command: CommanderCommand): this {
    super.setCommand(command);
    // The program's own errors go through CommandFactory's errorHandler; these are the command's.
    command.exitOverride((error) => {
      throw commanderUsageError(error, command);
    });
    return this;
  }

  async run(args: string[], flags: Record<string, unknown>): Promise<void> {
    const name = this.command.name();
    if (args.length < this.positionals.length) {
      throw new CliUsageError(
        `${name} needs a <${this.positionals[args.length]}>`,
      );
    }
    if (args.length > this.positionals.length) {
      throw new CliUsageError(
        `unexpected argument '${args[this.positionals.length]}' for ${name}`,
      );
    }
    const typed = flags as Flags;
    const output = await this.execute(args, typed);
    this.runtime.print(output, typed.json === true);
  }

  /**
   * The value of a `--flag <value>` as typed, refusing one that starts with a dash unless
   * written `--flag=-x`: `--grace --reason x` forgot the grace, it did not mean "--reason".
   */
  protected flagValue(flag: string, raw: string): string {
    if (raw.startsWith('-') && !this.runtime.argv.includes(`${flag}=${raw}`)) {
      throw new CliUsageError(
        `Option '${flag}' argument is ambiguous: did you forget its value? ` +
          `To pass a value starting with a dash, write '${flag}=${raw}'.`,
      );
    }
    return raw;
  }

  /**
   * Boots the app, finds the user the `<user>` argument names (id, email or username) and runs
   * `use` with them; an unknown user is an error (`no user '<identifier>'`) before anything runs.
   */
  protected withUser(
    identifier: string,
    flags: GlobalFlags,
    use: (user: PublicUser, buses: CliBuses) => Promise<CliOutput>,
  ): Promise<CliOutput> {
    return this.runtime.withApp(flags.json === true, async (buses) => {
      const user = await buses.queries.execute(new FindUserQuery(identifier));
      if (user === null) throw new Error(`no user '${identifier}'`);
      return use(user, buses);
    });
  }

  /** A flag the command cannot do without (commander's mandatory options would word it otherwise). */
  protected required(value: string | undefined, flag: string): string {
    if (value === undefined || value.trim() === '') {
      throw new CliUsageError(`--${flag} is required`);
    }
    return value;
  }
}
