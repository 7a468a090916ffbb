import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** The owner of the account's address confirmed it through the mailed link. */
export class EmailVerifiedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
    /** Who did it: null (whoever held the link). */
    readonly actorId: string | null,
    /** Correlation id of the HTTP request, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'email_verified',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {},
    };
  }
}
