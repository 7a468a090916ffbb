import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** An admin (or the CLI) sent a reset mail: every session revoked. */
export class PasswordResetSentEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    readonly occurredAt: Date,
    /** Who did it: the admin, null from the CLI. */
    readonly actorId: string | null,
    /** Correlation id of the HTTP request, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'password_reset_sent',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: { revokedSessions: this.revokedSessions },
    };
  }
}
