import { AuthError } from './auth.error.js';

/** An admin operation named a user that does not exist. */
export class UserNotFoundError extends AuthError {
  readonly code = 'user_not_found' as const;

  constructor(message = 'User not found', options?: { cause?: unknown }) {
    super(message, options);
  }
}
