import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A password was set through a reset or invitation link: every session revoked. */
export class PasswordResetEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /** The link was an invitation (first password) rather than a reset. */
    readonly invitation: boolean,
    /** In which request; no actor (whoever held the link). */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'password_reset',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        revokedSessions: this.revokedSessions,
        invitation: this.invitation,
      },
    );
  }
}
