import { AuthError } from './auth.error.js';

/**
 * No active session of this user has that id: unknown, ended, or another user's (the same answer
 * for all three, so session ids are no oracle).
 */
export class SessionNotFoundError extends AuthError {
  readonly code = 'session_not_found' as const;

  constructor(message = 'Session not found', options?: { cause?: unknown }) {
    super(message, options);
  }
}
