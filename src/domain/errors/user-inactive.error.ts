import { AuthError } from './auth.error.js';

/** The token belongs to a deactivated account. */
export class UserInactiveError extends AuthError {
  readonly code = 'user_inactive' as const;

  constructor(
    message = 'User account is inactive',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
