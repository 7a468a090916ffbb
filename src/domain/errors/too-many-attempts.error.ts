import { AuthError } from './auth.error.js';

/**
 * Logins for this account (or identifier) are locked after repeated failures. Raised alike for
 * existing and unknown identifiers, so a lockout reveals nothing about which accounts exist.
 */
export class TooManyAttemptsError extends AuthError {
  readonly code = 'too_many_attempts' as const;

  constructor(
    /** Whole seconds until a login may be tried again (`Retry-After`). */
    readonly retryAfterSeconds: number,
    message = 'Too many failed login attempts; try again later',
  ) {
    super(message);
  }
}
