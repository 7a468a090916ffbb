import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { PasswordHasher } from '../../../domain/ports/password-hasher.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Email } from '../../../domain/value-objects/email.js';
import { Username } from '../../../domain/value-objects/username.js';
import { AuthConfig } from '../../auth-config.js';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { LoginFailedEvent } from '../../events/login-failed.event.js';
import { LoginSucceededEvent } from '../../events/login-succeeded.event.js';
import { describeError } from '../../services/error-description.js';
import { AuthenticateUserCommand } from './authenticate-user.command.js';

/**
 * Unknown user, wrong password and inactive account all end in the same `InvalidCredentialsError`
 * after the same argon2 work (a dummy verify for unknown users), so neither the answer nor its
 * timing tells an attacker which accounts exist.
 */
@CommandHandler(AuthenticateUserCommand)
export class AuthenticateUserHandler implements ICommandHandler<AuthenticateUserCommand> {
  private readonly logger = new Logger('Tokenward');

  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: AuthenticateUserCommand): Promise<AuthenticatedUser> {
    // Bound the argon2 input before any hashing work (a hashing DoS otherwise).
    if (
      Buffer.byteLength(command.password, 'utf8') >
      this.config.passwordPolicy.maxBytes
    ) {
      throw new ValidationError(
        `password must be at most ${this.config.passwordPolicy.maxBytes} bytes long`,
      );
    }
    const user = Email.looksLikeEmail(command.identifier)
      ? await this.users.findByEmail(Email.normalize(command.identifier))
      : await this.users.findByUsername(Username.normalize(command.identifier));

    if (user === null) {
      await this.hasher.verifyDummy(command.password);
      return this.fail(command.identifier, 'unknown_user');
    }
    const passwordOk = await this.hasher.verify(
      user.passwordHash,
      command.password,
    );
    if (!passwordOk) return this.fail(command.identifier, 'wrong_password');
    if (!user.isActive) return this.fail(command.identifier, 'inactive_user');

    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.upgradeHash(user.id, command.password);
    }
    this.events.publish(new LoginSucceededEvent(user.id, this.clock.now()));
    return new AuthenticatedUser(
      user.id,
      user.username,
      user.email,
      user.roles,
    );
  }

  private fail(identifier: string, reason: LoginFailedEvent['reason']): never {
    this.events.publish(
      new LoginFailedEvent(identifier, reason, this.clock.now()),
    );
    throw new InvalidCredentialsError();
  }

  // The login already succeeded; a failed upgrade is retried at the next login, not fatal.
  private async upgradeHash(userId: string, password: string): Promise<void> {
    try {
      const upgraded = await this.hasher.hash(password);
      await this.users.updatePasswordHash(userId, upgraded, this.clock.now());
    } catch (error) {
      this.logger.warn(`Password hash upgrade failed: ${describeError(error)}`);
    }
  }
}
