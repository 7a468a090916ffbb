import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { UserRotationResult } from '../../dtos/user-rotation-result.dto.js';
import { UserTokenRotatedEvent } from '../../events/user-token-rotated.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TriggerUserTokenRotationCommand } from './trigger-user-token-rotation.command.js';

/** One atomic increment of the user's version; no grace period. */
@CommandHandler(TriggerUserTokenRotationCommand)
export class TriggerUserTokenRotationHandler implements ICommandHandler<TriggerUserTokenRotationCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    command: TriggerUserTokenRotationCommand,
  ): Promise<UserRotationResult> {
    const now = this.clock.now();
    const bump = await this.users.incrementTokenVersion(command.userId, now);
    if (bump === null) throw new UserNotFoundError();
    this.revocation.applyUser(bump.user.toSnapshot());
    await this.audit.publish(
      new UserTokenRotatedEvent(
        command.userId,
        bump.previousVersion,
        bump.newVersion,
        command.audit,
        now,
      ),
    );
    return new UserRotationResult(
      command.userId,
      bump.previousVersion,
      bump.newVersion,
    );
  }
}
