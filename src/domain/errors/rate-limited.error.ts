import { AuthError } from './auth.error.js';

/** Too many requests from one client to a rate-limited route (login, register, refresh). */
export class RateLimitedError extends AuthError {
  readonly code = 'rate_limited' as const;

  constructor(
    /** Whole seconds until the client may retry (`Retry-After`). */
    readonly retryAfterSeconds: number,
    message = 'Too many requests; try again later',
  ) {
    super(message);
  }
}
