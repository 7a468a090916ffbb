import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { TotpAlreadyEnabledError } from '../../../domain/errors/totp-already-enabled.error.js';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';
import { TotpEnabledEvent } from '../../events/totp-enabled.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { TotpCodeCheck } from '../../services/totp-code-check.service.js';
import { ConfirmTotpCommand } from './confirm-totp.command.js';

/** The code counts on the user's MFA lockout; its step is the factor's first accepted one. */
@CommandHandler(ConfirmTotpCommand)
export class ConfirmTotpHandler implements ICommandHandler<ConfirmTotpCommand> {
  constructor(
    private readonly factors: TotpFactorRepository,
    private readonly codes: TotpCodeCheck,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ConfirmTotpCommand) {
    const factor = await this.factors.findByUser(command.userId);
    if (factor === null) throw new TotpNotEnabledError();
    if (factor.isConfirmed) throw new TotpAlreadyEnabledError();
    const step = await this.codes.matchStep(factor, command.code);
    const recovery = this.codes.newRecoveryCodes(command.userId);
    const now = this.clock.now();
    // Loses only to a parallel confirmation (or a re-enrolment's own first code): as a wrong code.
    if (
      !(await this.factors.confirm(command.userId, step, now, recovery.hashes))
    )
      throw new InvalidMfaCodeError();
    await this.codes.succeeded(command.userId);
    await this.audit.publish(
      new TotpEnabledEvent(
        command.userId,
        recovery.codes.length,
        { actorId: command.userId, ...command.audit },
        now,
      ),
    );
    return { recoveryCodes: recovery.codes };
  }
}
