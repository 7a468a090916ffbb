import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** One session was ended from the sessions list (by its user or an admin). */
export class SessionEndedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    /** Who asked, in which request; `reason` is the revocation reason (`logout`, `admin`). */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'session_revoked',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        sessionId: this.sessionId,
      },
    );
  }
}
