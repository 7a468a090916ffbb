import { AuthError } from './auth.error.js';

/** Registration collided with an existing username or email. */
export class UserAlreadyExistsError extends AuthError {
  readonly code = 'user_already_exists' as const;

  constructor(
    message = 'Username or email is already registered',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
