import type { AuditEntry } from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** An already-rotated refresh token was replayed; the session was revoked. */
export class RefreshTokenReuseDetectedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly occurredAt: Date,
    /** Correlation id of the refresh request that replayed the token, null outside HTTP. */
    readonly requestId: string | null = null,
  ) {}

  /** No actor: whoever replayed the token is unknown (the user, or a thief of their token). */
  toAuditEntry(): AuditEntry {
    return auditEntry(
      'refresh_token_reuse_detected',
      { reason: 'refresh_token_reuse', requestId: this.requestId },
      this.userId,
      this.occurredAt,
      { sessionId: this.sessionId, sessionRevoked: true },
    );
  }
}
