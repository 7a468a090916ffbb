import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** One user's token version was rotated. */
export class UserTokenRotatedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
    /** Correlation id of the HTTP request that asked for it, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'user_token_rotation',
      actorId: this.rotatedBy,
      subjectId: this.userId,
      reason: this.reason,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {
        previousVersion: this.previousVersion,
        newVersion: this.newVersion,
      },
    };
  }
}
