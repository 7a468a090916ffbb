import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** An admin created an account (verified), with a password or an invitation mail. */
export class UserCreatedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** No password was given: an invitation mail was queued. */
    readonly invited: boolean,
    readonly occurredAt: Date,
    /** Who did it: the admin, null from a host's own code. */
    readonly actorId: string | null,
    /** Correlation id of the HTTP request, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'user_created',
      actorId: this.actorId,
      subjectId: this.userId,
      reason: null,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: { invited: this.invited },
    };
  }
}
