import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** Every session of a user was revoked and the user's token version bumped. */
export class AllSessionsRevokedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /**
     * Who asked (the user for logout-all, an admin, or none for the system), in which request;
     * `reason` is the sessions' revocation reason (`logout_all`, `admin`, ...).
     */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'all_sessions_revoked',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        revokedSessions: this.revokedSessions,
      },
    );
  }
}
