import { AuthError } from './auth.error.js';

/** A second-factor code (TOTP, recovery code) or assertion that did not verify. */
export class InvalidMfaCodeError extends AuthError {
  readonly code = 'invalid_mfa_code' as const;

  constructor(
    message = 'The second factor did not verify',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
