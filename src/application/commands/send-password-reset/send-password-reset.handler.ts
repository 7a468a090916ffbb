import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';
import { PasswordResetSentEvent } from '../../events/password-reset-sent.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { SendPasswordResetCommand } from './send-password-reset.command.js';

/**
 * Logs the user out everywhere (the version bump of logout-all: every token refused at once, and
 * on other instances within the poll interval) and queues a reset mail. The password itself is
 * left as it is: deactivate the account to lock it.
 */
@CommandHandler(SendPasswordResetCommand)
export class SendPasswordResetHandler implements ICommandHandler<SendPasswordResetCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: SendPasswordResetCommand): Promise<SessionsRevoked> {
    const now = this.clock.now();
    const bump = await this.users.incrementTokenVersion(command.userId, now);
    if (bump === null) throw new UserNotFoundError();
    this.revocation.applyUser(bump.user.toSnapshot());
    const revoked = await this.sessions.revokeAllForUser(
      command.userId,
      'password_reset',
      now,
    );
    await this.outbox.enqueue('password_reset', { userId: command.userId });
    await this.audit.publish(
      new PasswordResetSentEvent(command.userId, revoked, command.audit, now),
    );
    return new SessionsRevoked(command.userId, revoked, bump.newVersion);
  }
}
