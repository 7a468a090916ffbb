import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A user as stored: the `User` entity with `_id` for its id, plus one polling field. */
export interface UserDocument {
  /** The user's UUID (the domain id, never an ObjectId). */
  _id: string;
  username: string;
  usernameNormalized: string;
  /**
   * `Username.keyOf(username)`. Absent on documents written before look-alikes collided (or by an
   * instance of an older version): the repository sets it at start-up, oldest account first.
   */
  usernameKey?: string;
  email: string;
  emailNormalized: string;
  /** Absent on documents written before verification existed: read as false. */
  emailVerified?: boolean;
  /** Never returned unless a query asks for `+passwordHash`. */
  passwordHash: string;
  /** Absent on documents written before it existed: read (and matched) as 1. */
  passwordVersion?: number;
  isActive: boolean;
  roles: string[];
  tokenVersion: number;
  createdAt: Date;
  updatedAt: Date;
  stateChangedAt: Date;
  /**
   * Time of the last version/status/roles/email change, null until the first one (registration
   * is not a change other instances must hear about). Nothing in this version reads it: the poll
   * works from the revocation change log. It is still written, and indexed, because instances of
   * 0.1.0 poll `lastStateChangeAt > since` and may share the database during a rolling upgrade.
   */
  lastStateChangeAt: Date | null;
}

/** Schema of the users collection (`<prefix>users`). */
export const UserSchema = hardenSchema(
  new Schema<UserDocument>(
    {
      _id: { type: String, required: true },
      username: { type: String, required: true },
      usernameNormalized: { type: String, required: true },
      usernameKey: { type: String },
      email: { type: String, required: true },
      emailNormalized: { type: String, required: true },
      emailVerified: { type: Boolean },
      passwordHash: { type: String, required: true, select: false },
      passwordVersion: { type: Number },
      isActive: { type: Boolean, required: true },
      roles: { type: [String], default: [] },
      tokenVersion: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      stateChangedAt: { type: Date, required: true },
      lastStateChangeAt: { type: Date, default: null },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// Uniqueness of the keys is what decides a registration race. The username key is sparse, so
// documents that do not have one yet (see `usernameKey`) do not collide on a missing value; the
// finer `usernameNormalized` index stays for the databases that were built on it.
UserSchema.index({ usernameKey: 1 }, { unique: true, sparse: true });
UserSchema.index({ usernameNormalized: 1 }, { unique: true });
UserSchema.index({ emailNormalized: 1 }, { unique: true });
// listActive: filter on isActive, page in (createdAt, _id) order.
UserSchema.index({ isActive: 1, createdAt: 1, _id: 1 });
// The revocation poll of 0.1.0 instances (see `lastStateChangeAt`); this version never queries it.
UserSchema.index({ lastStateChangeAt: 1 });
