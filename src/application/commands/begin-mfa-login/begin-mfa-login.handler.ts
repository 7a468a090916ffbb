import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MfaTokenPurpose } from '../../../domain/entities/account-token.entity.js';
import type { User } from '../../../domain/entities/user.entity.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import type { MfaMethod } from '../../../domain/ports/mfa-method-source.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { AuthConfig } from '../../auth-config.js';
import { MfaChallenge } from '../../dtos/mfa-challenge.dto.js';
import { MfaLoginTokenService } from '../../services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../services/mfa-methods.service.js';
import { BeginMfaLoginCommand } from './begin-mfa-login.command.js';

/**
 * Runs only once the password was right, so nothing of it is learnable before that. A user with
 * a factor gets an `mfa_login` token; a user the `mfa` policy requires a factor of, without one,
 * an `mfa_enrollment` token (methods `['totp_enroll']`) that only enrols and confirms one.
 */
@CommandHandler(BeginMfaLoginCommand)
export class BeginMfaLoginHandler implements ICommandHandler<BeginMfaLoginCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly methods: MfaMethodsService,
    private readonly mfaTokens: MfaLoginTokenService,
    private readonly clock: Clock,
  ) {}

  async execute(command: BeginMfaLoginCommand): Promise<MfaChallenge | null> {
    const methods = await this.methods.methodsOf(command.userId);
    const requirement = this.config.mfaRequirement;
    if (methods.length === 0 && requirement.required === 'optional')
      return null;
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    if (methods.length > 0) return this.challenge('mfa_login', user, methods);
    if (!this.requiresFactor(user)) return null;
    return this.challenge('mfa_enrollment', user, ['totp_enroll']);
  }

  private requiresFactor(user: User): boolean {
    const requirement = this.config.mfaRequirement;
    return (
      requirement.required === 'all' ||
      (requirement.required === 'roles' &&
        user.roles.some((role) => requirement.roles.includes(role)))
    );
  }

  private async challenge(
    purpose: MfaTokenPurpose,
    user: User,
    methods: readonly MfaMethod[],
  ): Promise<MfaChallenge> {
    const now = this.clock.now();
    const { token, expiresAt } = await this.mfaTokens.issue(purpose, user, now);
    const expiresIn = Math.max(
      0,
      Math.round((expiresAt.getTime() - now.getTime()) / 1000),
    );
    return new MfaChallenge(token, methods, expiresIn);
  }
}
