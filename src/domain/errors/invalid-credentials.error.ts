import { AuthError } from './auth.error.js';

/** Login failed; deliberately silent about which part was wrong. */
export class InvalidCredentialsError extends AuthError {
  readonly code = 'invalid_credentials' as const;

  constructor(
    message = 'Invalid username or password',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
