import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** Every session of a user was revoked and the user's token version bumped. */
export class AllSessionsRevokedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    readonly reason: string,
    readonly occurredAt: Date,
    /** User id of who asked (the user for logout-all, or an admin), null for the system. */
    readonly revokedBy: string | null = null,
    /** Correlation id of the HTTP request that asked for it, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'all_sessions_revoked',
      actorId: this.revokedBy,
      subjectId: this.userId,
      reason: this.reason,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: { revokedSessions: this.revokedSessions },
    };
  }
}
