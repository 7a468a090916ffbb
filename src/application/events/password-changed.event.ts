import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** The user changed their password: every other session revoked, the caller's re-issued. */
export class PasswordChangedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** Sessions revoked (the caller's is kept). */
    readonly revokedSessions: number,
    readonly occurredAt: Date,
    /** Who did it: the user. */
    readonly actorId: string | null,
    /** Correlation id of the HTTP request, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'password_changed',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: { revokedSessions: this.revokedSessions },
    };
  }
}
