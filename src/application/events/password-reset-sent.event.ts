import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** An admin (or the CLI) sent a reset mail: every session revoked. */
export class PasswordResetSentEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /** Who did it (the admin; none from the CLI), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'password_reset_sent',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        revokedSessions: this.revokedSessions,
      },
    );
  }
}
