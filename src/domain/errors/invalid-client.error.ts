import { AuthError } from './auth.error.js';

/** Introspection client credentials were missing or wrong. */
export class InvalidClientError extends AuthError {
  readonly code = 'invalid_client' as const;

  constructor(
    message = 'Invalid client credentials',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
