import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage.error.js';

/** A stdin password longer than this is refused rather than buffered (policy max is 1024 bytes). */
const MAX_STDIN_PASSWORD_BYTES = 64 * 1024;

const NO_PASSWORD =
  'no password: set TOKENWARD_ADMIN_PASSWORD or pipe the password on stdin';

/**
 * From TOKENWARD_ADMIN_PASSWORD, else from piped stdin: never from argv, which lands in shell
 * history and `ps`. An interactive terminal is refused because reading it would echo the password.
 */
export async function readPassword(io: CliIo): Promise<string> {
  const fromEnv = io.env.TOKENWARD_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.stdin === undefined || io.stdin.isTTY) {
    throw new CliUsageError(NO_PASSWORD);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_STDIN_PASSWORD_BYTES) {
      throw new CliUsageError('the password on stdin is too long');
    }
    chunks.push(buffer);
  }
  // `echo pw | tokenward ...` appends a newline that is not part of the password.
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password === '') throw new CliUsageError(NO_PASSWORD);
  return password;
}
