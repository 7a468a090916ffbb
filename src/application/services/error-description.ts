import { AuthError } from '../../domain/errors/auth.error.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';

/** A one-line description for logs: name and message only, never a stack trace (policy). */
export function describeError(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : 'unknown error';
}

/** Domain errors pass through; anything a repository throws otherwise means storage failed. */
export function asStorageError(error: unknown): AuthError {
  return error instanceof AuthError
    ? error
    : new StorageUnavailableError(undefined, { cause: error });
}
