import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';
import type { AuditableEvent } from './auditable-event.js';

/** A new signing key became active (and, with `revokedKids`, older keys were withdrawn). */
export class SigningKeyRotatedEvent implements AuditableEvent {
  constructor(
    readonly kid: string,
    readonly algorithm: SigningAlgorithm,
    readonly previousKid: string,
    readonly revokedKids: readonly string[],
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
    /** Correlation id of the HTTP request that asked for it, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  toAuditEntry(): AuditEntry {
    return {
      action: 'signing_key_rotation',
      actorId: this.rotatedBy,
      subjectId: null,
      reason: this.reason,
      requestId: this.requestId,
      occurredAt: this.occurredAt,
      details: {
        kid: this.kid,
        algorithm: this.algorithm,
        previousKid: this.previousKid,
        revokedKeys: this.revokedKids.length,
      },
    };
  }
}
