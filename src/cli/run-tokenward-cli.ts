import type {
  DynamicModule,
  LoggerService,
  LogLevel,
  Type,
} from '@nestjs/common';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import type { CliApp } from './cli-app.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io.js';
import { CliRuntime, DEFAULT_CONNECT_TIMEOUT_MS } from './cli-runtime.js';
import { CliUsageError } from './cli-usage.error.js';
import {
  CliExit,
  commanderUsageError,
  type CommanderError,
} from './commander-errors.js';
import { TokenwardCommandModule } from './tokenward-command.module.js';
import { USAGE } from './usage.js';
import { TOKENWARD_VERSION } from './version.js';

/** How `runTokenwardCli` runs; every field has a default for a real process. */
export interface TokenwardCliOptions {
  /** The arguments without node and the script; default `process.argv.slice(2)`. */
  readonly argv?: readonly string[];
  /** Streams and environment; default the process's. */
  readonly io?: CliIo;
  /**
   * How long booting the app (connecting to its database) may take before the command fails
   * with a clear error; default 5000 ms.
   */
  readonly connectTimeoutMs?: number;
  /** The booted app's logger; default none, so the output is the command's alone. */
  readonly logger?: LoggerService | LogLevel[] | false;
}

/**
 * Runs one `tokenward` command against the host's own module, so it uses the app's real options
 * (secret, token lifetimes, grace period, password policy, collection prefix, audit retention):
 *
 * ```ts
 * // cli.ts of the host app
 * import 'reflect-metadata';
 * import { runTokenwardCli } from 'nestjs-tokenward/cli';
 * import { AppModule } from './app.module.js';
 *
 * process.exitCode = await runTokenwardCli(AppModule);
 * ```
 *
 * The module is booted as an application context (no HTTP server) only when a command runs a
 * use case, and closed after it. Returns the exit code (0 success, 1 the operation failed, 2 bad
 * arguments or configuration); never throws.
 */
export function runTokenwardCli(
  appModule: Type<unknown> | DynamicModule,
  options: TokenwardCliOptions = {},
): Promise<number> {
  const name = 'module' in appModule ? appModule.module.name : appModule.name;
  return runCommands(
    {
      resolve: () => ({
        module: appModule,
        secret: 'app',
        connecting: `starting ${name}`,
      }),
    },
    options,
  );
}

/** `runTokenwardCli` over any app source (the packaged bin passes its environment's). */
export async function runCommands(
  app: CliApp,
  options: TokenwardCliOptions,
): Promise<number> {
  const io = options.io ?? processIo();
  const argv = options.argv ?? process.argv.slice(2);
  try {
    if (argv.length === 0) {
      io.stderr.write(USAGE);
      return EXIT_USAGE;
    }
    const runtime = new CliRuntime(io, argv, app, {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      logger: options.logger ?? false,
    });
    const cli = await CommandFactory.createWithoutRunning(
      TokenwardCommandModule.register(runtime),
      {
        logger: false,
        abortOnError: false,
        cliName: 'tokenward',
        version: TOKENWARD_VERSION,
        helpConfiguration: { formatHelp: () => USAGE },
        outputConfiguration: {
          writeOut: (text) => io.stdout.write(text),
          writeErr: (text) => io.stderr.write(text),
          // Errors are printed once, below, in the CLI's own format.
          outputError: () => undefined,
        },
        // The program's parse errors; each command turns its own (see TokenwardCliCommand).
        errorHandler: (error) => {
          // nest-commander types it as Error; commander hands a CommanderError.
          throw commanderUsageError(error as CommanderError, null);
        },
        // Every error reaches the catch below, which prints it in the CLI's one format.
        serviceErrorHandler: (error) => {
          throw error;
        },
      },
    );
    try {
      await cli.get(CommandRunnerService).run(['node', 'tokenward', ...argv]);
    } finally {
      await cli.close();
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CliUsageError) {
      io.stderr.write(
        `error: ${error.message}\n${error.showUsage ? `\n${USAGE}` : ''}`,
      );
      return EXIT_USAGE;
    }
    io.stderr.write(`error: ${messageOf(error)}\n`);
    return EXIT_FAILURE;
  }
}

/**
 * For a host's `cli.ts` that should end the process itself: runs `runTokenwardCli` and exits
 * with its code. The code is set as `process.exitCode` so piped output is flushed first; the
 * unref'd timer only ends a process that some connection attempt (one that timed out) still
 * holds open.
 */
export async function runTokenwardCliAndExit(
  appModule: Type<unknown> | DynamicModule,
  options: TokenwardCliOptions = {},
): Promise<void> {
  exitWith(await runTokenwardCli(appModule, options));
}

/** Sets the exit code and ends the process within 5 s even if a handle stays open. */
export function exitWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 5_000).unref();
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
