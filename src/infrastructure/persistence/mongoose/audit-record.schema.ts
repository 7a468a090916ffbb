import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** An audit record as stored: the `AuditRecord` with `_id` for its id. */
export interface AuditRecordDocument {
  /** The record's UUID. */
  _id: string;
  action: string;
  actorId: string | null;
  subjectId: string | null;
  reason: string | null;
  requestId: string | null;
  occurredAt: Date;
  /** Flat string/number/boolean values; absent when empty (mongoose drops empty objects). */
  details?: Record<string, string | number | boolean>;
  /** When the record may go; a TTL index removes it where the server enforces TTLs. */
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt` (the retention, `auditRetentionDays`). */
export const AUDIT_LOG_TTL_INDEX = 'tokenward_audit_log_ttl';

/** Schema of the audit collection (`<prefix>audit_log`). */
export const AuditRecordSchema = hardenSchema(
  new Schema<AuditRecordDocument>(
    {
      _id: { type: String, required: true },
      action: { type: String, required: true },
      actorId: { type: String, default: null },
      subjectId: { type: String, default: null },
      reason: { type: String, default: null },
      requestId: { type: String, default: null },
      occurredAt: { type: Date, required: true },
      details: { type: Schema.Types.Mixed, default: {} },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// The listing: newest first, ties by id (a total order, so pages neither overlap nor skip).
AuditRecordSchema.index({ occurredAt: -1, _id: -1 });
// The TTL index on expiresAt is created at start-up by MongooseAuditLogRepository (see sessions).
