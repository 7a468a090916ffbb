import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { EmailVerificationRequestedEvent } from '../../events/email-verification-requested.event.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { ResendEmailVerificationCommand } from './resend-email-verification.command.js';

/** Counted on the address's mail allowance (429 beyond); nothing is queued once verified. */
@CommandHandler(ResendEmailVerificationCommand)
export class ResendEmailVerificationHandler implements ICommandHandler<ResendEmailVerificationCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: ResendEmailVerificationCommand): Promise<void> {
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    if (user.emailVerified) return;
    await this.outbox.allowMailTo(user.emailNormalized, true);
    await this.outbox.enqueue('email_verification', { userId: user.id });
    this.events.publish(
      new EmailVerificationRequestedEvent(user.id, this.clock.now()),
    );
  }
}
