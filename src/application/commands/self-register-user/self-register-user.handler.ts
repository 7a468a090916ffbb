import {
  CommandBus,
  CommandHandler,
  EventBus,
  type ICommandHandler,
} from '@nestjs/cqrs';
import { RegistrationDisabledError } from '../../../domain/errors/registration-disabled.error.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { PasswordHasher } from '../../../domain/ports/password-hasher.js';
import { Email } from '../../../domain/value-objects/email.js';
import { AuthConfig } from '../../auth-config.js';
import { SelfRegistration } from '../../dtos/self-registration.dto.js';
import { EmailVerificationRequestedEvent } from '../../events/email-verification-requested.event.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { RegisterUserCommand } from '../register-user/register-user.command.js';
import { SelfRegisterUserCommand } from './self-register-user.command.js';

/**
 * Registration as the public route does it: `RegisterUserCommand`, then a verification mail.
 *
 * With `requireVerifiedEmail`, a taken username or address is not an error but the same answer
 * as a new account (202, no user): the account cannot be used before its owner follows the
 * mailed link anyway, and the owner of the typed address is told by mail what happened. The
 * taken path hashes the password too (the same argon2 work) and queues one mail, like the new one.
 */
@CommandHandler(SelfRegisterUserCommand)
export class SelfRegisterUserHandler implements ICommandHandler<SelfRegisterUserCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly commands: CommandBus,
    private readonly outbox: MailOutboxService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: SelfRegisterUserCommand): Promise<SelfRegistration> {
    if (!this.config.allowSelfRegistration)
      throw new RegistrationDisabledError();
    let user;
    try {
      user = await this.commands.execute(
        new RegisterUserCommand(
          command.username,
          command.email,
          command.password,
        ),
      );
    } catch (error) {
      if (
        !(error instanceof UserAlreadyExistsError) ||
        !this.config.requireVerifiedEmail
      ) {
        throw error;
      }
      await this.hasher.hash(command.password);
      const email = Email.parse(command.email);
      if (await this.outbox.allowMailTo(email.normalized, false)) {
        await this.outbox.enqueue('registration_notice', {
          email: email.value,
        });
      }
      return new SelfRegistration(null);
    }
    if (await this.outbox.allowMailTo(user.email, false)) {
      await this.outbox.enqueue('email_verification', { userId: user.id });
    }
    this.events.publish(
      new EmailVerificationRequestedEvent(user.id, this.clock.now()),
    );
    return new SelfRegistration(this.config.requireVerifiedEmail ? null : user);
  }
}
