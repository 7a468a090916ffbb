import { AuthError } from './auth.error.js';

/** Authenticated, but without a role the route requires. */
export class InsufficientRoleError extends AuthError {
  readonly code = 'insufficient_role' as const;

  constructor(
    message = 'Insufficient role for this resource',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
