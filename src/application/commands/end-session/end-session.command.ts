import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/**
 * Ends one active session of a user (the user's own choice, or an admin's): its refresh token and
 * every access token issued from it stop working. 404 `session_not_found` for anything else.
 */
export class EndSessionCommand extends Command<void> {
  constructor(
    public readonly userId: string,
    public readonly sessionId: string,
    /** `logout` when the user ends it, `admin` when an admin does. */
    public readonly reason: 'logout' | 'admin',
    /** Who asked, in which request. */
    public readonly audit: Omit<AuditContext, 'reason'> = {},
  ) {
    super();
  }
}
