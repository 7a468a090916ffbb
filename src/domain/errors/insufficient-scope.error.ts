import { AuthError } from './auth.error.js';

/**
 * The bearer token is valid but lacks the scope the route needs (RFC 6750 §3.1
 * `insufficient_scope`, 403). `scope` names what would have been enough.
 */
export class InsufficientScopeError extends AuthError {
  readonly code = 'insufficient_scope' as const;

  constructor(
    readonly scope: string,
    message = 'The access token lacks the scope this route needs',
  ) {
    super(message);
  }
}
