/**
 * Bad invocation or configuration (unknown command or flag, malformed value, missing
 * MONGODB_URI): exit code 2, with the usage text unless it would not help.
 */
export class CliUsageError extends Error {
  readonly showUsage: boolean;

  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.name = 'CliUsageError';
    this.showUsage = options.showUsage ?? true;
  }
}
