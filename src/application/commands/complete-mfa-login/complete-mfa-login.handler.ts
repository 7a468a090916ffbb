import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { MfaLoginTokenService } from '../../services/mfa-login-token.service.js';
import { GenerateAuthTokensCommand } from '../generate-auth-tokens/generate-auth-tokens.command.js';
import { CompleteMfaLoginCommand } from './complete-mfa-login.command.js';

/** Resolves and uses up the `mfa_token`, then opens the session as a password login would. */
@CommandHandler(CompleteMfaLoginCommand)
export class CompleteMfaLoginHandler implements ICommandHandler<CompleteMfaLoginCommand> {
  constructor(
    private readonly mfaTokens: MfaLoginTokenService,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute(command: CompleteMfaLoginCommand) {
    const now = this.clock.now();
    const pending = await this.mfaTokens.resolve(
      command.mfaToken,
      now,
      command.purposes,
    );
    await this.mfaTokens.consume(pending, now);
    const amr = [...new Set(['pwd', ...command.factorAmr, 'mfa'])];
    const tokens = await this.commands.execute(
      new GenerateAuthTokensCommand(
        pending.userId,
        command.client,
        command.deviceName ?? null,
        { amr, authTime: now },
      ),
    );
    return { userId: pending.userId, tokens };
  }
}
