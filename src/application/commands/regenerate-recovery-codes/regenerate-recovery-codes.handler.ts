import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';
import { RecoveryCodesRegeneratedEvent } from '../../events/recovery-codes-regenerated.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { TotpCodeCheck } from '../../services/totp-code-check.service.js';
import { RegenerateRecoveryCodesCommand } from './regenerate-recovery-codes.command.js';

@CommandHandler(RegenerateRecoveryCodesCommand)
export class RegenerateRecoveryCodesHandler implements ICommandHandler<RegenerateRecoveryCodesCommand> {
  constructor(
    private readonly factors: TotpFactorRepository,
    private readonly codes: TotpCodeCheck,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RegenerateRecoveryCodesCommand) {
    await this.codes.verifyCode(command.userId, command.code);
    const recovery = this.codes.newRecoveryCodes(command.userId);
    if (
      !(await this.factors.replaceRecoveryCodes(
        command.userId,
        recovery.hashes,
      ))
    )
      throw new TotpNotEnabledError();
    await this.audit.publish(
      new RecoveryCodesRegeneratedEvent(
        command.userId,
        recovery.codes.length,
        { actorId: command.userId, ...command.audit },
        this.clock.now(),
      ),
    );
    return { recoveryCodes: recovery.codes };
  }
}
