import { AuthError } from './auth.error.js';

/** The token's session was revoked (logout, reuse detection, admin action). */
export class TokenRevokedError extends AuthError {
  readonly code = 'token_revoked' as const;

  constructor(
    message = 'Token has been revoked',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
