import { AuthError } from './auth.error.js';

/**
 * The route asks for a multi-factor login (`@RequireMfa`) and the token's `amr` lacks `mfa`, or
 * its `auth_time` is older than `maxAgeSeconds` (RFC 9470 `insufficient_user_authentication`).
 */
export class MfaRequiredError extends AuthError {
  readonly code = 'mfa_required' as const;

  constructor(
    /** The route's `maxAgeSeconds`, told to the client as RFC 9470 `max_age`; null for none. */
    readonly maxAgeSeconds: number | null = null,
    message = maxAgeSeconds === null
      ? 'A login with a second factor is required'
      : 'A more recent login with a second factor is required',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
