import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** A new signing key became active (and, with `revokedKids`, older keys were withdrawn). */
export class SigningKeyRotatedEvent implements AuditableEvent {
  constructor(
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly previousKid: string,
    readonly revokedKids: readonly string[],
    /** Who rotated (an admin, or none for the system), why, in which request. */
    readonly audit: AuditContext,
    readonly occurredAt: Date,
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'signing_key_rotation',
      this.audit,
      null,
      this.occurredAt,
      {
        kid: this.kid,
        algorithm: this.algorithm,
        previousKid: this.previousKid,
        revokedKeys: this.revokedKids.length,
      },
    );
  }
}
