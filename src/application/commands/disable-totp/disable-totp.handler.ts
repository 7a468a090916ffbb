import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { TotpDisabledEvent } from '../../events/totp-disabled.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { CurrentPasswordCheck } from '../../services/current-password.service.js';
import { TotpCodeCheck } from '../../services/totp-code-check.service.js';
import { DisableTotpCommand } from './disable-totp.command.js';

/**
 * A stolen access token alone cannot switch the factor off: it takes a current code (on the MFA
 * lockout) or the password (on the account's login lockout).
 */
@CommandHandler(DisableTotpCommand)
export class DisableTotpHandler implements ICommandHandler<DisableTotpCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly factors: TotpFactorRepository,
    private readonly codes: TotpCodeCheck,
    private readonly password: CurrentPasswordCheck,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: DisableTotpCommand): Promise<void> {
    await this.codes.confirmedFactor(command.userId);
    if ('code' in command.proof) {
      await this.codes.verifyCode(command.userId, command.proof.code);
    } else {
      const user = await this.users.findById(command.userId);
      if (user === null) throw new UserNotFoundError();
      await this.password.confirm(user, command.proof.password);
    }
    if (!(await this.factors.delete(command.userId)))
      throw new TotpNotEnabledError();
    await this.audit.publish(
      new TotpDisabledEvent(
        command.userId,
        'code' in command.proof ? 'code' : 'password',
        { actorId: command.userId, ...command.audit },
        this.clock.now(),
      ),
    );
  }
}
