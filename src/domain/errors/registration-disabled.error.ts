import { AuthError } from './auth.error.js';

/** `allowSelfRegistration: false`: accounts are created by admins only. */
export class RegistrationDisabledError extends AuthError {
  readonly code = 'registration_disabled' as const;

  constructor(message = 'Self-registration is disabled') {
    super(message);
  }
}
