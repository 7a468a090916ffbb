import { AuthError } from './auth.error.js';

/** The `mfa_token` is malformed, unknown, expired, already used, or of the other purpose. */
export class InvalidMfaTokenError extends AuthError {
  readonly code = 'invalid_mfa_token' as const;

  constructor(
    message = 'The MFA token is invalid or expired',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
