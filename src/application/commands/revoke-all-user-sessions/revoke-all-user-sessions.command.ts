import { Command } from '@nestjs/cqrs';
import type { SessionRevocationReason } from '../../../domain/entities/session.entity.js';
import type { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';

/** Logs a user out everywhere: every session revoked, every outstanding access token rejected. */
export class RevokeAllUserSessionsCommand extends Command<SessionsRevoked> {
  constructor(
    public readonly userId: string,
    public readonly reason: SessionRevocationReason = 'logout_all',
    /** User id of who asked: the user themselves for logout-all, or an admin; none for the system. */
    public readonly revokedBy?: string,
    /** Correlation id of the HTTP request (`X-Request-Id`), recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
