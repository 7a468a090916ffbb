import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/**
 * One counter: of login or client-authentication attempts (`<prefix>login_attempts`, `_id` the
 * hashed lockout key) or of rate-limited requests (`<prefix>rate_limits`, `_id` route and client).
 */
export interface WindowedCounterDocument {
  _id: string;
  /** Attempts or requests counted in the current window. */
  count: number;
  /** End of the current window (it starts at the window's first count). */
  windowEndsAt: Date;
  /** End of the lock; the epoch when the window holds no lock (`$lte` never matches a null). */
  lockedUntil: Date;
  /** When the document is useless; a TTL index removes it where the server enforces TTLs. */
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt` of the login-attempt collection. */
export const LOGIN_ATTEMPT_TTL_INDEX = 'tokenward_login_attempts_ttl';

/** Name of the TTL index on `expiresAt` of the rate-limit collection. */
export const RATE_LIMIT_TTL_INDEX = 'tokenward_rate_limits_ttl';

/** Schema of the counter collections (see `windowed-counter.ts`). */
export const WindowedCounterSchema = hardenSchema(
  new Schema<WindowedCounterDocument>(
    {
      _id: { type: String, required: true },
      count: { type: Number, required: true },
      windowEndsAt: { type: Date, required: true },
      lockedUntil: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
