import { AuthError } from './auth.error.js';

/** A requested scope is malformed or beyond what the client was configured with (RFC 6749 §5.2). */
export class InvalidScopeError extends AuthError {
  readonly code = 'invalid_scope' as const;

  constructor(message = 'The requested scope is not granted to this client') {
    super(message);
  }
}
