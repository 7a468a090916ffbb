import { AuthError } from './auth.error.js';

/** No usable bearer token was presented. */
export class AuthenticationRequiredError extends AuthError {
  readonly code = 'authentication_required' as const;

  constructor(
    message = 'Authentication required',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
