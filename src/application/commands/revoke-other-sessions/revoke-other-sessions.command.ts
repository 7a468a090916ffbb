import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/** Ends every active session of a user but `keepSessionId` (the caller's own); answers how many. */
export class RevokeOtherSessionsCommand extends Command<number> {
  constructor(
    public readonly userId: string,
    public readonly keepSessionId: string,
    /** Who asked, in which request. */
    public readonly audit: Omit<AuditContext, 'reason'> = {},
  ) {
    super();
  }
}
