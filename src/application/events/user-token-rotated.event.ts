import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** One user's token version was rotated. */
export class UserTokenRotatedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly previousVersion: number,
    readonly newVersion: number,
    /** Who rotated (an admin, or none for the system), why, in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'user_token_rotation',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        previousVersion: this.previousVersion,
        newVersion: this.newVersion,
      },
    );
  }
}
