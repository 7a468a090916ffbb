import { Logger } from '@nestjs/common';

/**
 * Logs the start and the end of an auth-service outage once each, not once per refused request.
 * Reasons are error names, codes and statuses only: never a token, a secret or a response body.
 */
export class OutageLog {
  private readonly logger = new Logger('Tokenward');
  private down = false;

  constructor(
    private readonly endpoint: string,
    /** What is done meanwhile, as the warning says it. */
    private readonly meanwhile = 'answering 503 auth_service_unavailable until it answers again',
  ) {}

  failed(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn(
      `${this.endpoint} unavailable (${reason}); ${this.meanwhile}`,
    );
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log(`${this.endpoint} answers again`);
  }
}

/**
 * A short, secret-free description of a failed fetch: the error's name and its cause's code
 * (`TypeError ECONNREFUSED`, `TimeoutError`), or jose's fixed message for a bad key-set answer.
 */
export function describeFetchFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const ownCode = (error as { code?: unknown }).code;
  if (typeof ownCode === 'string' && /^ERR_J/.test(ownCode))
    return `${error.name}: ${error.message}`;
  const cause = (error as { cause?: unknown }).cause;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause
      ? String((cause as { code: unknown }).code)
      : undefined;
  return code === undefined ? error.name : `${error.name} ${code}`;
}
