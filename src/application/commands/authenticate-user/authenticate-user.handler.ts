import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import { EmailNotVerifiedError } from '../../../domain/errors/email-not-verified.error.js';
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
import { attemptKey } from '../../services/attempt-key.js';
import { describeError } from '../../services/error-description.js';
import { MailOutboxService } from '../../services/mail-outbox.service.js';
import { AuthenticateUserCommand } from './authenticate-user.command.js';

/**
 * Unknown user, wrong password and inactive account all end in the same `InvalidCredentialsError`
 * after the same argon2 work (a dummy verify for unknown users), so neither the answer nor its
 * timing tells an attacker which accounts exist.
 *
 * Lockout (see docs/security.md, "Lockout keying"): every login reserves an attempt **before** the
 * password is verified, so parallel guesses on any number of instances never get more than
 * `maxFailures` verifies per window; a success clears what it reserved. Two counters are reserved:
 * - the identifier as typed (normalised): when it is full, 429 `too_many_attempts`. It exists for
 *   known and unknown identifiers alike and says nothing about the account behind it;
 * - the account (for an unknown identifier, a twin of its identifier counter, so both paths do the
 *   same storage work): it bounds guesses spread over the username and the email. When it is full,
 *   the password is not verified and the answer is the ordinary 401 after a dummy verify — a 429
 *   there would tell which username and which email belong to one account.
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
    private readonly outbox: MailOutboxService,
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
    const identifierKey = attemptKey(
      `identifier:${byEmail ? 'email' : 'username'}:${lookupKey}`,
    );
    await this.reserveIdentifier(identifierKey);
    const user = byEmail
      ? await this.users.findByEmail(lookupKey)
      : await this.users.findByUsername(lookupKey);
    const accountKey = attemptKey(
      user === null ? `unknown:${identifierKey}` : `account:${user.id}`,
    );
    if (!(await this.reserveAccount(accountKey))) {
      await this.hasher.verifyDummy(command.password);
      return this.fail(command.identifier, 'account_locked');
    }

    if (user === null) {
      await this.hasher.verifyDummy(command.password);
      return this.fail(command.identifier, 'unknown_user');
    }
    const passwordOk = await this.hasher.verify(
      user.passwordHash,
      command.password,
    );
    if (!passwordOk) {
      return this.fail(command.identifier, 'wrong_password');
    }
    if (!user.isActive) {
      return this.fail(command.identifier, 'inactive_user');
    }

    if (this.config.loginLockout !== null) {
      await Promise.all([
        this.attempts.clear(identifierKey),
        this.attempts.clear(accountKey),
      ]);
    }
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.upgradeHash(user.id, command.password);
    }
    if (this.config.requireVerifiedEmail && !user.emailVerified) {
      // Only the owner (the password was right) learns this, and gets a fresh link: without a
      // token there is no other way to ask for one. Counted on the address's mail allowance.
      if (await this.outbox.allowMailTo(user.emailNormalized, false)) {
        await this.outbox.enqueue('email_verification', { userId: user.id });
      }
      this.events.publish(
        new LoginFailedEvent(
          command.identifier,
          'email_not_verified',
          this.clock.now(),
        ),
      );
      throw new EmailNotVerifiedError();
    }
    this.events.publish(new LoginSucceededEvent(user.id, this.clock.now()));
    return new AuthenticatedUser(
      user.id,
      user.username,
      user.email,
      user.roles,
    );
  }

  /** Takes an attempt on the typed identifier's counter; 429 when it is full. */
  private async reserveIdentifier(key: string): Promise<void> {
    const policy = this.config.loginLockout;
    if (policy === null) return;
    const now = this.clock.now();
    const reservation = await this.attempts.reserve(key, now, policy);
    if (!reservation.granted) {
      throw new TooManyAttemptsError(
        (reservation.lockedUntil.getTime() - now.getTime()) / 1000,
      );
    }
  }

  /** Takes an attempt on the account's counter; false (never a 429) when it is full. */
  private async reserveAccount(key: string): Promise<boolean> {
    const policy = this.config.loginLockout;
    if (policy === null) return true;
    const reservation = await this.attempts.reserve(
      key,
      this.clock.now(),
      policy,
    );
    return reservation.granted;
  }

  // The attempts reserved stay counted: that is what makes this a failure for the lockout.
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
