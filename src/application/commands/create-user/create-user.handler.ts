import { randomBytes } from 'node:crypto';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import type { PublicUser } from '../../dtos/public-user.dto.js';
import { UserCreatedEvent } from '../../events/user-created.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { RegisterUserCommand } from '../register-user/register-user.command.js';
import { CreateUserCommand } from './create-user.command.js';

/**
 * `RegisterUserCommand` with the address verified. Without a password the account gets the hash
 * of 256 random bits nobody knows (login works as for any account, and fails), and an invitation
 * whose link sets the first password (`POST /auth/password/reset`).
 */
@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly commands: CommandBus,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateUserCommand): Promise<PublicUser> {
    const invited = command.password === undefined;
    const user = await this.commands.execute(
      new RegisterUserCommand(
        command.username,
        command.email,
        command.password ?? randomBytes(32).toString('base64url'),
        command.roles,
        true,
      ),
    );
    if (invited) await this.outbox.enqueue('invitation', { userId: user.id });
    await this.audit.publish(
      new UserCreatedEvent(user.id, invited, command.audit, this.clock.now()),
    );
    return user;
  }
}
