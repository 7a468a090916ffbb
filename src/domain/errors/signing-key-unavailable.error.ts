import { AuthError } from './auth.error.js';

/**
 * This instance cannot open the signing key it needs (it was sealed under another master secret):
 * it can neither sign nor judge tokens of that key, so the request fails closed with 503 rather
 * than being refused as if the token were bad. An operator fixes the secret or rotates the key.
 */
export class SigningKeyUnavailableError extends AuthError {
  readonly code = 'signing_key_unavailable' as const;
  /** Whole seconds after which a retry may succeed (`Retry-After`). */
  readonly retryAfterSeconds = 30;

  constructor(options?: { cause?: unknown }) {
    super('The signing key is not available on this instance', options);
  }
}
