import { AuthError } from './auth.error.js';

/** The receiver already has as many SSF streams as one receiver may (SSF 1.0 §8.1.1.1: 409). */
export class SsfStreamLimitError extends AuthError {
  readonly code = 'stream_limit_reached' as const;

  constructor(message = 'This receiver has reached its number of streams') {
    super(message);
  }
}
