import {
  LoginAttemptRepository,
  type LockoutPolicy,
} from '../../../domain/ports/login-attempt.repository.js';

interface Attempts {
  windowStart: number;
  failures: number;
  lockedUntil: number;
}

/** Most keys tracked at once; the oldest are dropped beyond it (bounded memory under a spray). */
const MAX_KEYS = 100_000;

/** Process-local failed-login counters (sliding from the first failure of a window). */
export class MemoryLoginAttemptRepository extends LoginAttemptRepository {
  private readonly attempts = new Map<string, Attempts>();

  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const entry = this.attempts.get(key);
    return entry !== undefined && entry.lockedUntil > now.getTime()
      ? new Date(entry.lockedUntil)
      : null;
  }

  async recordFailure(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<Date | null> {
    const at = now.getTime();
    let entry = this.attempts.get(key);
    if (entry === undefined || at - entry.windowStart >= policy.windowMs) {
      entry = {
        windowStart: at,
        failures: 0,
        lockedUntil: entry?.lockedUntil ?? 0,
      };
    }
    entry.failures += 1;
    if (entry.failures >= policy.maxFailures) {
      entry.lockedUntil = Math.max(entry.lockedUntil, at + policy.lockMs);
      entry.failures = 0;
      entry.windowStart = at;
    }
    this.attempts.delete(key);
    this.attempts.set(key, entry);
    if (this.attempts.size > MAX_KEYS) {
      const oldest = this.attempts.keys().next().value as string;
      this.attempts.delete(oldest);
    }
    return entry.lockedUntil > at ? new Date(entry.lockedUntil) : null;
  }

  async clear(key: string): Promise<void> {
    this.attempts.delete(key);
  }
}
