import { Injectable } from '@nestjs/common';
import type { User } from '../../domain/entities/user.entity.js';
import { InvalidPasswordError } from '../../domain/errors/invalid-password.error.js';
import { TooManyAttemptsError } from '../../domain/errors/too-many-attempts.error.js';
import { ValidationError } from '../../domain/errors/validation.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../domain/ports/login-attempt.repository.js';
import { PasswordHasher } from '../../domain/ports/password-hasher.js';
import { AuthConfig } from '../auth-config.js';
import { attemptKey } from './attempt-key.js';

/**
 * Checks the current password a signed-in user gives to confirm a change (password, email). It
 * counts on the account's own login-lockout counter (the one login reserves), reserved before the
 * hash is verified: a stolen access token buys no more guesses than the login form allows, on
 * any number of instances. The caller is authenticated, so a full counter answers 429.
 */
@Injectable()
export class CurrentPasswordCheck {
  constructor(
    private readonly config: AuthConfig,
    private readonly attempts: LoginAttemptRepository,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async confirm(user: User, password: string): Promise<void> {
    if (
      Buffer.byteLength(password, 'utf8') > this.config.passwordPolicy.maxBytes
    ) {
      throw new ValidationError(
        `password must be at most ${this.config.passwordPolicy.maxBytes} bytes long`,
      );
    }
    const policy = this.config.loginLockout;
    const key = attemptKey(`account:${user.id}`);
    if (policy !== null) {
      const now = this.clock.now();
      const reservation = await this.attempts.reserve(key, now, policy);
      if (!reservation.granted) {
        throw new TooManyAttemptsError(
          (reservation.lockedUntil.getTime() - now.getTime()) / 1000,
          'Too many wrong passwords; try again later',
        );
      }
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      throw new InvalidPasswordError();
    }
    if (policy !== null) await this.attempts.clear(key);
  }
}
