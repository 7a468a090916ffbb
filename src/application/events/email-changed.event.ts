import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** The account's address was replaced, confirmed from the new address (the addresses are not recorded). */
export class EmailChangedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** In which request; no actor (whoever held the link). */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'email_changed',
      this.audit,
      this.userId,
      this.occurredAt,
      {},
    );
  }
}
