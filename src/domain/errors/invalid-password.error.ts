import { AuthError } from './auth.error.js';

/** The current password given to confirm an account change (password, email) is wrong. */
export class InvalidPasswordError extends AuthError {
  readonly code = 'invalid_password' as const;

  constructor(message = 'The password is wrong') {
    super(message);
  }
}
