import { AuthError } from './auth.error.js';

/** A request body larger than Tokenward's routes accept. */
export class PayloadTooLargeError extends AuthError {
  readonly code = 'payload_too_large' as const;

  constructor(message = 'Request body is too large') {
    super(message);
  }
}
