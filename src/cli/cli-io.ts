/** Where the CLI reads and writes; `process` in production, buffers in tests. */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  /** Progress is shown only when this is a terminal (`isTTY`). */
  readonly stderr: { write(chunk: string): unknown; readonly isTTY?: boolean };
  /** Source of the admin password when `TOKENWARD_ADMIN_PASSWORD` is not set. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes: success, an operation that failed, a bad invocation or configuration. */
export const EXIT_OK = 0;
/** See `EXIT_OK`. */
export const EXIT_FAILURE = 1;
/** See `EXIT_OK`. */
export const EXIT_USAGE = 2;
