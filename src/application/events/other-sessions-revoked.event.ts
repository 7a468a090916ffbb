import type {
  AuditContext,
  AuditEntry,
} from '../../domain/entities/audit-record.entity.js';
import { auditEntry, type AuditableEvent } from './auditable-event.js';

/** Every session of a user but the caller's own was ended (`POST /auth/sessions/revoke-others`). */
export class OtherSessionsRevokedEvent implements AuditableEvent {
  constructor(
    readonly userId: string,
    readonly keptSessionId: string,
    readonly revokedSessions: number,
    readonly audit: AuditContext,
    readonly occurredAt: Date,
    /** The ids of the sessions revoked (what SSF `session-revoked` events name). */
    readonly revokedSessionIds: readonly string[] = [],
  ) {}

  toAuditEntry(): AuditEntry {
    return auditEntry(
      'other_sessions_revoked',
      this.audit,
      this.userId,
      this.occurredAt,
      {
        keptSessionId: this.keptSessionId,
        revokedSessions: this.revokedSessions,
      },
    );
  }
}
