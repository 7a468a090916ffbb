import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/**
 * A failed-login counter for one key and one counting window (`_id` `<key>:w<window>`), or the
 * lock of a key (`_id` `<key>:lock`).
 */
export interface LoginAttemptDocument {
  _id: string;
  /** The lockout key (account id or normalised unknown identifier, hashed). */
  key: string;
  failures: number;
  lockedUntil: Date | null;
  /** When the document is useless; a TTL index removes it where the server enforces TTLs. */
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt`. */
export const LOGIN_ATTEMPT_TTL_INDEX = 'tokenward_login_attempts_ttl';

/** Schema of the failed-login collection (`<prefix>login_attempts`). */
export const LoginAttemptSchema = hardenSchema(
  new Schema<LoginAttemptDocument>(
    {
      _id: { type: String, required: true },
      key: { type: String, required: true },
      failures: { type: Number, default: 0 },
      lockedUntil: { type: Date, default: null },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
LoginAttemptSchema.index({ key: 1 });
