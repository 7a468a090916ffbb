import { AuthError } from './auth.error.js';

/**
 * A resource server could not reach the auth service (its JWKS or introspection endpoint), or got
 * an unusable answer, when it needed one to decide; the request fails closed.
 */
export class AuthServiceUnavailableError extends AuthError {
  readonly code = 'auth_service_unavailable' as const;

  constructor(
    /** Whole seconds after which a retry may succeed (`Retry-After`). */
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super('Authentication service is unavailable', options);
  }
}
