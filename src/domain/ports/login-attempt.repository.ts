/** The lockout policy an attempt is counted against. */
export interface LockoutPolicy {
  /** Attempts within one window that lock the key. */
  readonly maxFailures: number;
  /** Length of a counting window (from its first attempt), in ms. */
  readonly windowMs: number;
  /** How long a lock lasts (from the attempt that filled the window), in ms. */
  readonly lockMs: number;
}

/** What `LoginAttemptRepository.reserve` answers. */
export type AttemptReservation =
  | { readonly granted: true }
  | { readonly granted: false; readonly lockedUntil: Date };

/** The attempts a key holds in its current window. */
export interface AttemptCount {
  /** Attempts held (0 once the window or the lock is over). */
  readonly attempts: number;
  /** When the key's lock ends, or null when it is not locked. */
  readonly lockedUntil: Date | null;
}

/**
 * Port: counters of authentication attempts (logins, introspection clients) and their locks, keyed
 * by an opaque string. An attempt is reserved **before** the credentials are checked and counts as
 * a failure until `clear`, so however many requests arrive at once, on however many instances,
 * no more than `maxFailures` of them are evaluated per window. Adapters reserve with one atomic
 * single-document operation (no read-modify-write that parallel requests could interleave).
 */
export abstract class LoginAttemptRepository {
  /**
   * Takes one attempt for `key`: granted while the key is unlocked and its window (started by its
   * first attempt, `windowMs` long) holds fewer than `maxFailures`; the attempt that fills the
   * window is granted and locks the key for `lockMs`; refused, changing nothing, while locked.
   * Once a window or a lock is over, the next attempt starts a new window.
   */
  abstract reserve(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<AttemptReservation>;
  /** The attempts `key` holds at `now`, without taking one. */
  abstract peek(key: string, now: Date): Promise<AttemptCount>;
  /** Forgets the attempts and the lock of a key (after a successful login). */
  abstract clear(key: string): Promise<void>;
}
