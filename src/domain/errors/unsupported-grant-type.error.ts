import { AuthError } from './auth.error.js';

/** The token endpoint does not speak this `grant_type` (RFC 6749 §5.2). */
export class UnsupportedGrantTypeError extends AuthError {
  readonly code = 'unsupported_grant_type' as const;

  constructor(message = 'The grant type is not supported') {
    super(message);
  }
}
