import type { IEvent } from '@nestjs/cqrs';
import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';

/** An event that is also a line of the persisted audit trail (see `AuditTrail`). */
export interface AuditableEvent extends IEvent {
  /** The audit record's content: who did what to whom, when, why, in which request. */
  toAuditEntry(): AuditEntry;
}
