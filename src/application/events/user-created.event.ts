import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** An admin created an account (verified), with a password or an invitation mail. */
export class UserCreatedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** No password was given: an invitation mail was queued. */
    readonly invited: boolean,
    /** Who did it (the admin; none from a host's own code), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'user_created',
      this.audit,
      this.userId,
      this.occurredAt,
      { invited: this.invited },
    );
  }
}
