import { AuthError } from './auth.error.js';

/** A verification (or email-change) token that is unknown, expired, used, voided or of another purpose. */
export class InvalidVerificationTokenError extends AuthError {
  readonly code = 'invalid_verification_token' as const;

  constructor(message = 'The verification link is invalid or has expired') {
    super(message);
  }
}
