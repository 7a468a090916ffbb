/** What `RateLimitStorage.increment` answers: the shape of @nestjs/throttler's `ThrottlerStorageRecord`. */
export interface RateLimitRecord {
  /** Requests counted in the current window, this one included. */
  readonly totalHits: number;
  /** Whole seconds until the window ends. */
  readonly timeToExpire: number;
  /** Whether this request is refused. */
  readonly isBlocked: boolean;
  /** Whole seconds until the block ends (0 when not blocked). */
  readonly timeToBlockExpire: number;
}

/**
 * Port: the counters behind the per-client rate limits of login, register and refresh. Its one
 * method is @nestjs/throttler's `ThrottlerStorage.increment`, so any implementation of that
 * interface — the library's in-memory `ThrottlerStorageService`, a Redis storage — can be
 * provided for this token as it is. `ttl` and `blockDuration` are in ms.
 *
 * `now` is Tokenward's `Clock` reading, passed by Tokenward as an extra last argument: its own
 * MongoDB storage counts on it (so tests can move time); a throttler storage ignores it and keeps
 * its own clock.
 */
export abstract class RateLimitStorage {
  abstract increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now?: Date,
  ): Promise<RateLimitRecord>;
}
