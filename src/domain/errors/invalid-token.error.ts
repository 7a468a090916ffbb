import { AuthError } from './auth.error.js';

/** The token is malformed, forged, of the wrong type, or otherwise unusable. */
export class InvalidTokenError extends AuthError {
  readonly code = 'invalid_token' as const;

  constructor(message = 'Invalid token', options?: { cause?: unknown }) {
    super(message, options);
  }
}
