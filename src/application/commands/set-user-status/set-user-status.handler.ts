import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Roles } from '../../../domain/value-objects/roles.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import {
  UserStatusChangedEvent,
  type UserStatusField,
} from '../../events/user-status-changed.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { SetUserStatusCommand } from './set-user-status.command.js';

/**
 * Deactivation bumps the user's token version in the same write (every access token rejected at
 * once) and revokes every session. Role changes apply to the next request through the cache,
 * without logging anyone out.
 */
@CommandHandler(SetUserStatusCommand)
export class SetUserStatusHandler implements ICommandHandler<SetUserStatusCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: SetUserStatusCommand): Promise<PublicUser> {
    if (command.isActive === undefined && command.roles === undefined) {
      throw new ValidationError(
        'nothing to change: give is_active and/or roles',
      );
    }
    const roles =
      command.roles === undefined ? undefined : Roles.parse(command.roles);
    const deactivating = command.isActive === false;
    const now = this.clock.now();
    const user = await this.users.updateStatus(
      command.userId,
      { isActive: command.isActive, roles },
      deactivating,
      now,
    );
    if (user === null) throw new UserNotFoundError();
    this.revocation.applyUser(user.toSnapshot());
    const revokedSessions = deactivating
      ? await this.sessions.revokeAllForUser(user.id, 'user_deactivated', now)
      : 0;
    const changedFields: UserStatusField[] = [];
    if (command.isActive !== undefined) changedFields.push('isActive');
    if (roles !== undefined) changedFields.push('roles');
    await this.audit.publish(
      new UserStatusChangedEvent(
        user.id,
        user.isActive,
        user.roles,
        command.audit,
        now,
        changedFields,
        revokedSessions,
      ),
    );
    return PublicUser.fromUser(user);
  }
}
