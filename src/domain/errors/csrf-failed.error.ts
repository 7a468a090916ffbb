import { AuthError } from './auth.error.js';

/**
 * A request authenticated by the refresh-token cookie came without the proof that the app sent
 * it: the `X-CSRF-Token` header equal to the `tokenward_csrf` cookie, from an allowed `Origin`.
 */
export class CsrfFailedError extends AuthError {
  readonly code = 'csrf_failed' as const;

  constructor(
    message = 'The request did not prove it came from the app',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
