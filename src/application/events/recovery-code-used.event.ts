import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A recovery code completed a login (it is used up). */
export class RecoveryCodeUsedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** Unused codes left afterwards. */
    readonly remaining: number,
    /** Who did it (the user, or an admin), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'mfa_recovery_code_used',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        remaining: this.remaining,
      },
    );
  }
}
