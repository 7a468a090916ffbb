import type { IEvent } from '@nestjs/cqrs';
import type {
  AuditAction,
  AuditContext,
  AuditDetails,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';

/** An event that is also a line of the persisted audit trail (see `AuditTrail`). */
export interface AuditableEvent extends IEvent {
  /** The audit record's content: who did what to whom, when, why, in which request. */
  toAuditEntry(): AuditEntry;
}

/** The audit entry of `action` done to `subjectId` (null: no single user) in `audit`'s context. */
export function auditEntry(
  action: AuditAction,
  audit: AuditContext,
  subjectId: string | null,
  occurredAt: Date,
  details: AuditDetails,
): AuditEntry {
  return {
    action,
    actorId: audit.actorId ?? null,
    subjectId,
    reason: audit.reason ?? null,
    requestId: audit.requestId ?? null,
    occurredAt,
    details,
  };
}
