import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** The global token version was rotated. */
export class GlobalTokenRotatedEvent implements AuditableEvent {
  constructor(
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly graceEndsAt: Date,
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
    /** Correlation id of the HTTP request that asked for it, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'global_token_rotation',
      actorId: this.rotatedBy,
      subjectId: null,
      reason: this.reason,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {
        previousVersion: this.previousVersion,
        newVersion: this.newVersion,
        gracePeriodSeconds: Math.round(
          (this.graceEndsAt.getTime() - this.occurredAt.getTime()) / 1000,
        ),
        graceEndsAt: this.graceEndsAt.toISOString(),
      },
    };
  }
}
