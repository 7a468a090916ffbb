import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { SessionRevocationReason } from '../../../domain/entities/session.entity.js';
import type { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';

/** Logs a user out everywhere: every session revoked, every outstanding access token rejected. */
export class RevokeAllUserSessionsCommand extends Command<SessionsRevoked> {
  constructor(
    public readonly userId: string,
    public readonly reason: SessionRevocationReason = 'logout_all',
    /**
     * Who asked (the user themselves for logout-all, or an admin; none for the system), in which
     * request; the audit record's reason is `reason`.
     */
    public readonly audit: Omit<AuditContext, 'reason'> = {},
  ) {
    super();
  }
}
