import {
  LoginAttemptRepository,
  type AttemptCount,
  type AttemptReservation,
  type LockoutPolicy,
} from '../../../domain/ports/login-attempt.repository.js';

interface Attempts {
  attempts: number;
  windowEndsAt: number;
  /** 0 when the key was never locked in this window. */
  lockedUntil: number;
}

/** Most keys tracked at once; the oldest are dropped beyond it (bounded memory under a spray). */
const MAX_KEYS = 100_000;

/**
 * Process-local attempt counters. A reservation is a check and a write with no `await` between
 * them, so parallel requests of one process can never both take the last attempt.
 */
export class MemoryLoginAttemptRepository extends LoginAttemptRepository {
  private readonly entries = new Map<string, Attempts>();

  async reserve(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<AttemptReservation> {
    const at = now.getTime();
    const current = this.live(key, at);
    if (current !== undefined && current.lockedUntil > at) {
      return { granted: false, lockedUntil: new Date(current.lockedUntil) };
    }
    const entry = current ?? {
      attempts: 0,
      windowEndsAt: at + policy.windowMs,
      lockedUntil: 0,
    };
    entry.attempts += 1;
    if (entry.attempts >= policy.maxFailures) {
      entry.lockedUntil = at + policy.lockMs;
    }
    // Re-inserted, so the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_KEYS) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return { granted: true };
  }

  async peek(key: string, now: Date): Promise<AttemptCount> {
    const at = now.getTime();
    const entry = this.live(key, at);
    if (entry === undefined) return { attempts: 0, lockedUntil: null };
    return {
      attempts: entry.attempts,
      lockedUntil: entry.lockedUntil > at ? new Date(entry.lockedUntil) : null,
    };
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }

  /** The key's entry while its window or its lock lasts; a lock that is over ends its window. */
  private live(key: string, at: number): Attempts | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.lockedUntil > at) return entry;
    if (entry.lockedUntil !== 0 || entry.windowEndsAt <= at) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
