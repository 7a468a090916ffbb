import { Schema } from 'mongoose';
import type { SessionRevocationReason } from '../../../domain/entities/session.entity.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A session (refresh-token family) as stored: the `Session` entity with `_id` for its id. */
export interface SessionDocument {
  /** The session's UUID (`sid`). */
  _id: string;
  userId: string;
  refreshTokenHash: string;
  previousRefreshTokenHashes: string[];
  lastRotatedAt: Date | null;
  globalVersion: number;
  userVersion: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revocationReason: SessionRevocationReason | null;
  /** Absent on sessions stored before it existed: read as the last rotation (or creation). */
  lastUsedAt?: Date;
  loginIp?: string | null;
  loginUserAgent?: string | null;
  lastUsedIp?: string | null;
  lastUsedUserAgent?: string | null;
  deviceName?: string | null;
  sealedSuccessor?: string | null;
  /** Absent on sessions stored before it was recorded: read as null (unknown). */
  amr?: string[] | null;
  authTime?: Date | null;
}

/** Schema of the sessions collection (`<prefix>sessions`). */
export const SessionSchema = hardenSchema(
  new Schema<SessionDocument>(
    {
      _id: { type: String, required: true },
      userId: { type: String, required: true },
      refreshTokenHash: { type: String, required: true },
      previousRefreshTokenHashes: { type: [String], default: [] },
      lastRotatedAt: { type: Date, default: null },
      globalVersion: { type: Number, required: true },
      userVersion: { type: Number, required: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      revokedAt: { type: Date, default: null },
      revocationReason: { type: String, default: null },
      lastUsedAt: { type: Date },
      loginIp: { type: String, default: null },
      loginUserAgent: { type: String, default: null },
      lastUsedIp: { type: String, default: null },
      lastUsedUserAgent: { type: String, default: null },
      deviceName: { type: String, default: null },
      sealedSuccessor: { type: String, default: null },
      amr: { type: [String], default: undefined },
      authTime: { type: Date, default: null },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// Refresh: look-up by the current hash, which is also the compare-and-swap guard.
SessionSchema.index({ refreshTokenHash: 1 }, { unique: true });
// Reuse detection (multikey over the bounded history).
SessionSchema.index({ previousRefreshTokenHashes: 1 });
// Logout-all.
SessionSchema.index({ userId: 1 });
// A user's sessions, newest first (GET /auth/sessions).
SessionSchema.index({ userId: 1, createdAt: -1 });
// countActive (`revokedAt: null`), and the revocation poll of 0.1.0 instances (`revokedAt > since`).
SessionSchema.index({ revokedAt: 1 });
// The TTL index on expiresAt is not declared here: some MongoDB-compatible servers reject it, and
// a failed index in the automatic build would stop the ones after it. MongooseSessionRepository
// creates it at start-up and only warns when the server refuses.

/** Name of the TTL index that lets MongoDB delete sessions once their refresh token expired. */
export const SESSION_TTL_INDEX = 'expiresAt_ttl';
