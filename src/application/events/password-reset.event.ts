import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** A password was set through a reset or invitation link: every session revoked. */
export class PasswordResetEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /** The link was an invitation (first password) rather than a reset. */
    readonly invitation: boolean,
    readonly occurredAt: Date,
    /** Who did it: null (whoever held the link). */
    readonly actorId: string | null,
    /** Correlation id of the HTTP request, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'password_reset',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {
        revokedSessions: this.revokedSessions,
        invitation: this.invitation,
      },
    };
  }
}
