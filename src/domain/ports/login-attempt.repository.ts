/** The lockout policy a failure is counted against. */
export interface LockoutPolicy {
  /** Failures within one window that lock the key. */
  readonly maxFailures: number;
  /** Length of a counting window, in ms. */
  readonly windowMs: number;
  /** How long a lock lasts, in ms. */
  readonly lockMs: number;
}

/**
 * Port: failed-login counters and lockouts, keyed by an opaque string (an account id, or the
 * normalised identifier of an unknown account). Adapters count with single atomic operations, so
 * parallel failures are never lost.
 */
export abstract class LoginAttemptRepository {
  /** When the key is locked until, or null when it is not locked at `now`. */
  abstract lockedUntil(key: string, now: Date): Promise<Date | null>;
  /** Counts one failure; returns the lock end when this failure (or an earlier one) locked the key. */
  abstract recordFailure(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<Date | null>;
  /** Forgets the failures of a key (after a successful login). */
  abstract clear(key: string): Promise<void>;
}
