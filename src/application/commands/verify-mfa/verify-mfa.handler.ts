import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RecoveryCodeUsedEvent } from '../../events/recovery-code-used.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { MfaLoginTokenService } from '../../services/mfa-login-token.service.js';
import { TotpCodeCheck } from '../../services/totp-code-check.service.js';
import { CompleteMfaLoginCommand } from '../complete-mfa-login/complete-mfa-login.command.js';
import { VerifyMfaCommand } from './verify-mfa.command.js';

/** RFC 8176 `amr` of both proofs: each is a one-time password. */
const OTP_AMR = ['otp'] as const;

/**
 * The `mfa_token` is checked first (a dead one costs no attempt), then the code on the user's MFA
 * lockout, then `CompleteMfaLoginCommand` uses the token up: of two requests with one token, one
 * gets tokens; of two with one code, one passes the code.
 */
@CommandHandler(VerifyMfaCommand)
export class VerifyMfaHandler implements ICommandHandler<VerifyMfaCommand> {
  constructor(
    private readonly mfaTokens: MfaLoginTokenService,
    private readonly codes: TotpCodeCheck,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: VerifyMfaCommand) {
    const pending = await this.mfaTokens.resolve(
      command.mfaToken,
      this.clock.now(),
    );
    const userId = pending.userId;
    let remaining: number | null = null;
    try {
      if ('code' in command.proof) {
        await this.codes.verifyCode(userId, command.proof.code);
      } else {
        remaining = await this.codes.useRecoveryCode(
          userId,
          command.proof.recoveryCode,
        );
      }
    } catch (error) {
      // A user without TOTP (passkeys only) gets the answer of a wrong code.
      if (error instanceof TotpNotEnabledError) throw new InvalidMfaCodeError();
      throw error;
    }
    const result = await this.commands.execute(
      new CompleteMfaLoginCommand(
        command.mfaToken,
        OTP_AMR,
        command.client,
        command.deviceName,
      ),
    );
    if (remaining !== null) {
      await this.audit.publish(
        new RecoveryCodeUsedEvent(
          userId,
          remaining,
          { actorId: userId, ...command.audit },
          this.clock.now(),
        ),
      );
    }
    return result;
  }
}
