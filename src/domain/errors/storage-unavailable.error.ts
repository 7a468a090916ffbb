import { AuthError } from './auth.error.js';

/** Storage or revocation state could not be reached; requests fail closed. */
export class StorageUnavailableError extends AuthError {
  readonly code = 'storage_unavailable' as const;

  constructor(
    message = 'Authentication storage is unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
