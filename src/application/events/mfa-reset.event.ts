import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** Every second factor of a user was removed (an admin or the CLI), and every session revoked. */
export class MfaResetEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    /** Who reset (an admin, or none for the CLI), why, in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry('mfa_reset', this.audit, this.userId, this.occurredAt, {
      revokedSessions: this.revokedSessions,
    });
  }
}
