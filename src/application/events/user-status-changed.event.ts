import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { AuditableEvent } from './auditable-event.js';

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
    readonly changedBy: string | null,
    readonly occurredAt: Date,
    /** Correlation id of the HTTP request that asked for it, null outside HTTP. */
    readonly requestId: string | null = null,
    readonly reason: string | null = null,
    /** Which of the two the change set (the other one was left as it was). */
    readonly changedFields: readonly UserStatusField[] = ['isActive', 'roles'],
    /** Sessions revoked by a deactivation (0 otherwise). */
    readonly revokedSessions: number = 0,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'user_status_changed',
      actorId: this.changedBy,
      subjectId: this.userId,
      reason: this.reason,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {
        ...(this.changedFields.includes('isActive') && {
          isActive: this.isActive,
        }),
        ...(this.changedFields.includes('roles') && {
          roles: this.roles.join(','),
        }),
        ...(this.changedFields.includes('isActive') &&
          !this.isActive && { revokedSessions: this.revokedSessions }),
      },
    };
  }
}
