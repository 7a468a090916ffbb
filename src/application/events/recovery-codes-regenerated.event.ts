import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A user replaced their recovery codes: the previous set no longer works. */
export class RecoveryCodesRegeneratedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** Codes in the new set. */
    readonly recoveryCodes: number,
    /** Who did it (the user, or an admin), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'mfa_recovery_codes_regenerated',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        recoveryCodes: this.recoveryCodes,
      },
    );
  }
}
