import type { CliIo } from '../../src/cli/cli-io.js';

/** What one CLI invocation returned and printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `invoke` with streams that collect what it prints (stderr a terminal when `tty`), the
 * given environment and stdin.
 */
export async function captureCli(
  invoke: (io: CliIo) => Promise<number>,
  options: {
    env?: Record<string, string | undefined>;
    stdin?: CliIo['stdin'];
    tty?: boolean;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await invoke({
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: {
      write: (chunk: string) => (stderr += chunk),
      isTTY: options.tty,
    },
    stdin: options.stdin,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
