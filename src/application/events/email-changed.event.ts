import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** The account's address was replaced, confirmed from the new address (the addresses are not recorded). */
export class EmailChangedEvent implements AuditableEvent {
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
      action: 'email_changed',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {},
    };
  }
}
