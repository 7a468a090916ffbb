import { createHash } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../../domain/ports/login-attempt.repository.js';
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
 * timing tells an attacker which accounts exist. Repeated failures lock the account (or the unknown
 * identifier) for a while: `TooManyAttemptsError` (429) before any password work is spent.
 */
@CommandHandler(AuthenticateUserCommand)
export class AuthenticateUserHandler implements ICommandHandler<AuthenticateUserCommand> {
  private readonly logger = new Logger('Tokenward');

  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly attempts: LoginAttemptRepository,
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
    const byEmail = Email.looksLikeEmail(command.identifier);
    const lookupKey = byEmail
      ? Email.normalize(command.identifier)
      : Username.keyOf(command.identifier);
    const user = byEmail
      ? await this.users.findByEmail(lookupKey)
      : await this.users.findByUsername(lookupKey);
    // One counter per account whichever identifier was typed; unknown identifiers get their own,
    // so a lockout looks the same whether or not the account exists.
    const lockoutKey = lockoutKeyFor(
      user === null ? `identifier:${lookupKey}` : `user:${user.id}`,
    );
    await this.assertNotLocked(lockoutKey);

    if (user === null) {
      await this.hasher.verifyDummy(command.password);
      return this.fail(command.identifier, 'unknown_user', lockoutKey);
    }
    const passwordOk = await this.hasher.verify(
      user.passwordHash,
      command.password,
    );
    if (!passwordOk) {
      return this.fail(command.identifier, 'wrong_password', lockoutKey);
    }
    if (!user.isActive) {
      return this.fail(command.identifier, 'inactive_user', lockoutKey);
    }

    if (this.config.loginLockout !== null)
      await this.attempts.clear(lockoutKey);
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

  private async assertNotLocked(key: string): Promise<void> {
    if (this.config.loginLockout === null) return;
    const now = this.clock.now();
    const lockedUntil = await this.attempts.lockedUntil(key, now);
    if (lockedUntil !== null) {
      throw new TooManyAttemptsError(
        (lockedUntil.getTime() - now.getTime()) / 1000,
      );
    }
  }

  private async fail(
    identifier: string,
    reason: LoginFailedEvent['reason'],
    lockoutKey: string,
  ): Promise<never> {
    const now = this.clock.now();
    this.events.publish(new LoginFailedEvent(identifier, reason, now));
    if (this.config.loginLockout !== null) {
      await this.attempts.recordFailure(
        lockoutKey,
        now,
        this.config.loginLockout,
      );
    }
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

// Stored hashed: the attempts store never holds identifiers people typed (often a password by mistake).
function lockoutKeyFor(subject: string): string {
  return createHash('sha256').update(subject, 'utf8').digest('hex');
}
