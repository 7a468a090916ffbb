import { Schema } from 'mongoose';
import {
  REVOCATION_CHANGE_KINDS,
  type RevocationChangeKind,
} from '../../../domain/ports/revocation-change.repository.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A change-log entry as stored: `RevocationChange` with a random `_id` and its expiry. */
export interface RevocationChangeDocument {
  _id: string;
  kind: RevocationChangeKind;
  subjectId: string;
  changedAt: Date;
  recordedAt: Date;
  /** `recordedAt` + 25 hours: a TTL index removes the entry after it, where the server has TTLs. */
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt`. */
export const REVOCATION_CHANGE_TTL_INDEX = 'tokenward_revocation_changes_ttl';

/** Schema of the change log (`<prefix>revocation_changes`). */
export const RevocationChangeSchema = hardenSchema(
  new Schema<RevocationChangeDocument>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true, enum: REVOCATION_CHANGE_KINDS },
      subjectId: { type: String, required: true },
      changedAt: { type: Date, required: true },
      recordedAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// The revocation poll of every instance: the entries recorded since its last poll.
RevocationChangeSchema.index({ recordedAt: 1 });
