import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { Email } from '../../../domain/value-objects/email.js';
import { PasswordResetRequestedEvent } from '../../events/password-reset-requested.event.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { RequestPasswordResetCommand } from './request-password-reset.command.js';

/**
 * No oracle by construction: the request never looks the address up. It takes one mail from the
 * address's allowance (keyed by the address, existing or not) and queues an intent; whether an
 * account has the address is found out later, by the sender, off the request path. So the answer,
 * its timing (the same two storage writes) and the event are the same for every address.
 */
@CommandHandler(RequestPasswordResetCommand)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordResetCommand> {
  constructor(
    private readonly outbox: MailOutboxService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RequestPasswordResetCommand): Promise<void> {
    const email = Email.parse(command.email);
    await this.outbox.allowMailTo(email.normalized, true);
    await this.outbox.enqueue('password_reset_request', { email: email.value });
    this.events.publish(
      new PasswordResetRequestedEvent(email.normalized, this.clock.now()),
    );
  }
}
