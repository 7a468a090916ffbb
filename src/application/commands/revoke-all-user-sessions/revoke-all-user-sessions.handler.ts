import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';
import { AllSessionsRevokedEvent } from '../../events/all-sessions-revoked.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { RevokeAllUserSessionsCommand } from './revoke-all-user-sessions.command.js';

/**
 * The user-version bump (one atomic increment) is what rejects every access token at once; the
 * session revocations then stop the refresh tokens.
 */
@CommandHandler(RevokeAllUserSessionsCommand)
export class RevokeAllUserSessionsHandler implements ICommandHandler<RevokeAllUserSessionsCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    command: RevokeAllUserSessionsCommand,
  ): Promise<SessionsRevoked> {
    const now = this.clock.now();
    const bump = await this.users.incrementTokenVersion(command.userId, now);
    if (bump === null) throw new UserNotFoundError();
    this.revocation.applyUser(bump.user.toSnapshot());
    const count = await this.sessions.revokeAllForUser(
      command.userId,
      command.reason,
      now,
    );
    await this.audit.publish(
      new AllSessionsRevokedEvent(
        command.userId,
        count,
        { ...command.audit, reason: command.reason },
        now,
      ),
    );
    return new SessionsRevoked(command.userId, count, bump.newVersion);
  }
}
