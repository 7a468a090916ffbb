import type {
  INestApplicationContext,
  LoggerService,
  LogLevel,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { CliApp, ResolvedCliApp } from './cli-app.js';
import type { CliIo } from './cli-io.js';

/** The buses of the booted app: every command goes through them, as HTTP callers do. */
export interface CliBuses {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
}

/** What a command prints: one JSON object with `--json`, else text. */
export interface CliOutput {
  readonly json: Record<string, unknown>;
  readonly text: string;
}

/** How long booting the app (connecting to its storage) may take by default. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

const TIMED_OUT = Symbol('timed out');

/** Erases the progress line (cursor to column 0, clear the line): a TTY only ever sees it. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Shared by the command providers: the streams, the raw arguments and the app, which it boots
 * (with a progress line on a terminal and a time limit) only when a command runs a use case.
 */
export class CliRuntime {
  private resolved: ResolvedCliApp | null = null;

  constructor(
    readonly io: CliIo,
    /** The arguments as typed (without node and the script), for what the parser cannot tell. */
    readonly argv: readonly string[],
    private readonly app: CliApp,
    private readonly options: {
      readonly connectTimeoutMs: number;
      readonly logger: LoggerService | LogLevel[] | false;
    },
  ) {}

  /** The app's module, resolved once; throws `CliUsageError` for a configuration it cannot use. */
  resolveApp(): ResolvedCliApp {
    this.resolved ??= this.app.resolve();
    return this.resolved;
  }

  /**
   * Boots the app as a Nest application context (no HTTP server), runs `use` on its buses and
   * closes it, which also closes its storage connection so the process can exit.
   */
  async withApp<T>(
    quiet: boolean,
    use: (buses: CliBuses) => Promise<T>,
  ): Promise<T> {
    const app = await this.boot(quiet);
    try {
      return await use({
        commands: app.get(CommandBus),
        queries: app.get(QueryBus),
      });
    } finally {
      await app.close();
    }
  }

  /** Writes a command's result to stdout. */
  print(output: CliOutput, json: boolean): void {
    this.io.stdout.write(
      json ? `${JSON.stringify(output.json, null, 2)}\n` : output.text,
    );
  }

  private async boot(quiet: boolean): Promise<INestApplicationContext> {
    const { module, connecting } = this.resolveApp();
    const progress = !quiet && this.io.stderr.isTTY === true;
    if (progress) this.io.stderr.write(`tokenward: ${connecting}…`);
    const booting = NestFactory.createApplicationContext(module, {
      // Errors reach the user as one `error: <message>` line, never as Nest's logged stack
      // traces; abortOnError false makes a failed bootstrap throw instead of process.abort().
      logger: this.options.logger,
      abortOnError: false,
    });
    let timer: NodeJS.Timeout | undefined;
    const limit = this.options.connectTimeoutMs;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), limit);
    });
    let app: INestApplicationContext | typeof TIMED_OUT;
    try {
      app = await Promise.race([booting, timedOut]);
    } catch (error) {
      throw new Error(`${connecting} failed: ${messageOf(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      if (progress) this.io.stderr.write(CLEAR_LINE);
    }
    if (app === TIMED_OUT) {
      // A bootstrap that finishes after all must not stay open behind the CLI.
      booting.then(
        (late) => late.close(),
        () => undefined,
      );
      throw new Error(
        `${connecting}: no answer within ${limit / 1000} s (is the database reachable?)`,
      );
    }
    return app;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
