import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { MfaReset } from '../../dtos/mfa-reset.dto.js';
import { MfaResetEvent } from '../../events/mfa-reset.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { MfaMethodsService } from '../../services/mfa-methods.service.js';
import { RevokeAllUserSessionsCommand } from '../revoke-all-user-sessions/revoke-all-user-sessions.command.js';
import { ResetUserMfaCommand } from './reset-user-mfa.command.js';

/**
 * Sessions first, factors second: should a factor store fail halfway, the user is logged out
 * with the factors still on (a retry finishes), never left with live sessions and no factor.
 * Both steps are idempotent, so a retry after any failure is safe.
 */
@CommandHandler(ResetUserMfaCommand)
export class ResetUserMfaHandler implements ICommandHandler<ResetUserMfaCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly methods: MfaMethodsService,
    private readonly commands: CommandBus,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(command: ResetUserMfaCommand): Promise<MfaReset> {
    if ((await this.users.findById(command.userId)) === null) {
      throw new UserNotFoundError();
    }
    const { actorId, requestId } = command.audit;
    const revoked = await this.commands.execute(
      new RevokeAllUserSessionsCommand(command.userId, 'mfa_reset', {
        actorId,
        requestId,
      }),
    );
    await this.methods.resetAll(command.userId);
    await this.audit.publish(
      new MfaResetEvent(
        command.userId,
        revoked.revokedSessions,
        command.audit,
        this.clock.now(),
      ),
    );
    return new MfaReset(command.userId, revoked.revokedSessions);
  }
}
