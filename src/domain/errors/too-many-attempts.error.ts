import { AuthError } from './auth.error.js';

/**
 * Attempts are locked after repeated failures: logins with this identifier (raised alike for
 * existing and unknown identifiers, so a lockout reveals nothing about which accounts exist), or
 * introspection-client authentications from this source or for this client id.
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
