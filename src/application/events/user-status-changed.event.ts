import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A field an admin's status change set. */
export type UserStatusField = 'isActive' | 'roles';

/** An admin changed a user's active flag or roles. */
export class UserStatusChangedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** The active flag after the change. */
    readonly isActive: boolean,
    /** The roles after the change. */
    readonly roles: readonly string[],
    /** Which admin changed it, why, in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
    /** Which of the two the change set (the other one was left as it was). */
    readonly changedFields: readonly UserStatusField[] = ['isActive', 'roles'],
    /** Sessions revoked by a deactivation (0 otherwise). */
    readonly revokedSessions: number = 0,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'user_status_changed',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        ...(this.changedFields.includes('isActive') && {
          isActive: this.isActive,
        }),
        ...(this.changedFields.includes('roles') && {
          roles: this.roles.join(','),
        }),
        ...(this.changedFields.includes('isActive') &&
          !this.isActive && { revokedSessions: this.revokedSessions }),
      },
    );
  }
}
