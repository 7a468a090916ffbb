import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Email } from '../../../domain/value-objects/email.js';
import { EmailChangeRequestedEvent } from '../../events/email-change-requested.event.js';
import { CurrentPasswordCheck } from '../../services/current-password.service.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { RequestEmailChangeCommand } from './request-email-change.command.js';

/**
 * Always 202 once the password is right: whether another account has the new address is decided
 * by the sender (which then sends no confirmation), so the route is no oracle for signed-in users
 * either. Counted on the new address's mail allowance (a 429 beyond).
 */
@CommandHandler(RequestEmailChangeCommand)
export class RequestEmailChangeHandler implements ICommandHandler<RequestEmailChangeCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly currentPassword: CurrentPasswordCheck,
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RequestEmailChangeCommand): Promise<void> {
    const email = Email.parse(command.newEmail);
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    await this.currentPassword.confirm(user, command.password);
    if (email.normalized === user.emailNormalized) {
      throw new ValidationError('new_email is already the account address');
    }
    await this.outbox.allowMailTo(email.normalized, true);
    await this.outbox.enqueue('email_change', {
      userId: user.id,
      email: email.value,
    });
    await this.outbox.enqueue('email_change_notice', {
      userId: user.id,
      email: email.value,
    });
    this.events.publish(
      new EmailChangeRequestedEvent(user.id, this.clock.now()),
    );
  }
}
