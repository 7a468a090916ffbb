import type { CliIo } from './cli-io.js';
import { environmentApp } from './env-app.js';
import { runCommands, type TokenwardCliOptions } from './run-tokenward-cli.js';

/**
 * The packaged `tokenward` bin: one invocation (`argv` without the node and script paths) against
 * the MongoDB in `MONGODB_URI`, configured from the environment. Returns the exit code: 0
 * success, 1 the operation failed, 2 bad arguments or configuration. Never throws.
 */
export function runCli(
  argv: string[],
  io: CliIo,
  options: Pick<TokenwardCliOptions, 'connectTimeoutMs'> = {},
): Promise<number> {
  return runCommands(environmentApp(io.env), { ...options, argv, io });
}
