import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** The user changed their password: every other session revoked, the caller's re-issued. */
export class PasswordChangedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** Sessions revoked (the caller's is kept). */
    readonly revokedSessions: number,
    /** Who did it (the user), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'password_changed',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        revokedSessions: this.revokedSessions,
      },
    );
  }
}
