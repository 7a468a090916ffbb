import { AuthError } from './auth.error.js';

/** The token was issued before a global or per-user rotation that now rejects it. */
export class TokenVersionRejectedError extends AuthError {
  readonly code = 'token_version_rejected' as const;

  constructor(
    message = 'Token was issued before a token rotation and is no longer accepted',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
