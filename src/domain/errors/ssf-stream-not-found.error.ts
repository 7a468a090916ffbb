import { AuthError } from './auth.error.js';

/**
 * No SSF stream with that id belongs to the calling receiver: unknown, expired, deleted, or
 * another receiver's (one answer for all, so stream ids are no oracle).
 */
export class SsfStreamNotFoundError extends AuthError {
  readonly code = 'stream_not_found' as const;

  constructor(message = 'Stream not found') {
    super(message);
  }
}
