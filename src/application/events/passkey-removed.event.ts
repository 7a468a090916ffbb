import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A passkey of the user was removed by its owner. */
export class PasskeyRemovedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly credentialId: string,
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'passkey_removed',
      this.audit,
      this.userId,
      this.occurredAt,
      { credentialId: this.credentialId },
    );
  }
}
