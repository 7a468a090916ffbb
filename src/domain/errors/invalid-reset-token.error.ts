import { AuthError } from './auth.error.js';

/** A reset (or invitation) token that is unknown, expired, used, voided or of another purpose: one answer for all. */
export class InvalidResetTokenError extends AuthError {
  readonly code = 'invalid_reset_token' as const;

  constructor(message = 'The reset link is invalid or has expired') {
    super(message);
  }
}
