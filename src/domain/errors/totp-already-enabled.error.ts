import { AuthError } from './auth.error.js';

/** The user already has a confirmed TOTP factor: remove it before enrolling another. */
export class TotpAlreadyEnabledError extends AuthError {
  readonly code = 'totp_already_enabled' as const;

  constructor(
    message = 'A TOTP factor is already enabled; remove it first',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
