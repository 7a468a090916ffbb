import { AuthError } from './auth.error.js';

/** There is no TOTP factor (or no pending enrolment) to confirm, remove or regenerate codes of. */
export class TotpNotEnabledError extends AuthError {
  readonly code = 'totp_not_enabled' as const;

  constructor(
    message = 'No TOTP factor is set up for this account',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
