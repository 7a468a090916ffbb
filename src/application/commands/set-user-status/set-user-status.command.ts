import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/** Activates/deactivates a user or replaces their roles. Deactivation revokes all their tokens. */
export class SetUserStatusCommand extends Command<PublicUser> {
  constructor(
    public readonly userId: string,
    public readonly isActive?: boolean,
    public readonly roles?: readonly string[],
    /** The admin making the change, why, in which request: recorded in the audit trail. */
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
