import { AuthError } from './auth.error.js';

/** The token (or its refresh session) is past its expiry. */
export class TokenExpiredError extends AuthError {
  readonly code = 'token_expired' as const;

  constructor(message = 'Token expired', options?: { cause?: unknown }) {
    super(message, options);
  }
}
