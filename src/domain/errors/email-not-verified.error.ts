import { AuthError } from './auth.error.js';

/** With `requireVerifiedEmail`: the password was right, but the address is not verified yet. */
export class EmailNotVerifiedError extends AuthError {
  readonly code = 'email_not_verified' as const;

  constructor(
    message = 'Verify your email address first; a new verification link has been sent',
  ) {
    super(message);
  }
}
