import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { MfaChallenge } from '../../dtos/mfa-challenge.dto.js';
import { MfaLoginTokenService } from '../../services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../services/mfa-methods.service.js';
import { BeginMfaLoginCommand } from './begin-mfa-login.command.js';

/** Runs only once the password was right, so nothing of it is learnable before that. */
@CommandHandler(BeginMfaLoginCommand)
export class BeginMfaLoginHandler implements ICommandHandler<BeginMfaLoginCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly methods: MfaMethodsService,
    private readonly mfaTokens: MfaLoginTokenService,
    private readonly clock: Clock,
  ) {}

  async execute(command: BeginMfaLoginCommand): Promise<MfaChallenge | null> {
    const methods = await this.methods.methodsOf(command.userId);
    if (methods.length === 0) return null;
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    const now = this.clock.now();
    const { token, expiresAt } = await this.mfaTokens.issue(
      'mfa_login',
      user,
      now,
    );
    const expiresIn = Math.max(
      0,
      Math.round((expiresAt.getTime() - now.getTime()) / 1000),
    );
    return new MfaChallenge(token, methods, expiresIn);
  }
}
