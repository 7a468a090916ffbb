import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A user removed their TOTP factor and its recovery codes. */
export class TotpDisabledEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** What proved it was them: a current code or the password. */
    readonly proof: 'code' | 'password',
    /** Who did it (the user, or an admin), in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'mfa_totp_disabled',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        proof: this.proof,
      },
    );
  }
}
