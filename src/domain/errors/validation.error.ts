import { AuthError } from './auth.error.js';

/** Input that passed the wire format but breaks a domain rule (password policy, username form). */
export class ValidationError extends AuthError {
  readonly code = 'validation_failed' as const;

  constructor(
    message: string,
    /** Human-readable problems, one per rule broken; never contains the offending value. */
    readonly details: readonly string[] = [message],
  ) {
    super(message);
  }
}
