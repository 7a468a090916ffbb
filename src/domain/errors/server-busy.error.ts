import { AuthError } from './auth.error.js';

/** Password hashing is at capacity (its queue is full): refused at once instead of queued. */
export class ServerBusyError extends AuthError {
  readonly code = 'server_busy' as const;

  constructor(
    /** Whole seconds after which a retry is likely to be admitted (`Retry-After`). */
    readonly retryAfterSeconds = 1,
    message = 'Server is busy; try again shortly',
  ) {
    super(message);
  }
}
