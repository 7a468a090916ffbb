import { AuthError } from './auth.error.js';

/** The authenticated client may not use this grant, or the token was not issued to it (RFC 6749 §5.2, RFC 7009 §2.1). */
export class UnauthorizedClientError extends AuthError {
  readonly code = 'unauthorized_client' as const;

  constructor(message = 'The client is not allowed to do this') {
    super(message);
  }
}
