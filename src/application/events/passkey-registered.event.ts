import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** The user registered a passkey (a second factor, or a passwordless login with the option). */
export class PasskeyRegisteredEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    /** The credential id (public: the authenticator sends it with every assertion). */
    readonly credentialId: string,
    readonly name: string,
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'passkey_registered',
      this.audit,
      this.userId,
      this.occurredAt,
      { credentialId: this.credentialId, name: this.name },
    );
  }
}
