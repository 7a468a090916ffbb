import { AuthError } from './auth.error.js';

/**
 * No passkey of this user has that id: unknown, removed, or another user's (one answer for all
 * three, so credential ids are no oracle).
 */
export class PasskeyNotFoundError extends AuthError {
  readonly code = 'passkey_not_found' as const;

  constructor(message = 'Passkey not found', options?: { cause?: unknown }) {
    super(message, options);
  }
}
