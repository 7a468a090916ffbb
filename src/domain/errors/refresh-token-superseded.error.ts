import { AuthError } from './auth.error.js';

/** A refresh token was replayed inside the reuse interval (a concurrent retry): refused, session kept. */
export class RefreshTokenSupersededError extends AuthError {
  readonly code = 'refresh_token_superseded' as const;

  constructor(
    message = 'Refresh token was already used; use the most recently issued one',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
