import { Command } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/** Activates/deactivates a user or replaces their roles. Deactivation revokes all their tokens. */
export class SetUserStatusCommand extends Command<PublicUser> {
  constructor(
    public readonly userId: string,
    public readonly isActive?: boolean,
    public readonly roles?: readonly string[],
    /** User id of the admin making the change. */
    public readonly changedBy?: string,
    /** Why, recorded in the audit trail. */
    public readonly reason?: string,
    /** Correlation id of the HTTP request (`X-Request-Id`), recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
