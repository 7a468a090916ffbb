import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A user confirmed a TOTP factor: logins now ask for a code; recovery codes were handed out. */
export class TotpEnabledEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** Recovery codes handed out with it. */
    readonly recoveryCodes: number,
    /** Who did it (the user, or an admin), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'mfa_totp_enabled',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        recoveryCodes: this.recoveryCodes,
      },
    );
  }
}
