import { AuthError } from './auth.error.js';

/** An already-rotated refresh token was replayed; its whole session was revoked. */
export class RefreshTokenReusedError extends AuthError {
  readonly code = 'refresh_token_reused' as const;

  constructor(
    message = 'Refresh token reuse detected; the session has been revoked',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
