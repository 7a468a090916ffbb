import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** The owner of the account's address confirmed it through the mailed link. */
export class EmailVerifiedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** In which request; no actor (whoever held the link). */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'email_verified',
      this.audit,
      this.userId,
      this.occurredAt,
      {},
    );
  }
}
