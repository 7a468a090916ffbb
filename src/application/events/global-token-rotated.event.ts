import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** The global token version was rotated. */
export class GlobalTokenRotatedEvent implements AuditableEvent {
  constructor(
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly graceEndsAt: Date,
    /** Who rotated (an admin, or none for the system), why, in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'global_token_rotation',
      this.audit,
      null,
      this.occurredAt,
      {
        previousVersion: this.previousVersion,
        newVersion: this.newVersion,
        gracePeriodSeconds: Math.round(
          (this.graceEndsAt.getTime() - this.occurredAt.getTime()) / 1000,
        ),
        graceEndsAt: this.graceEndsAt.toISOString(),
      },
    );
  }
}
