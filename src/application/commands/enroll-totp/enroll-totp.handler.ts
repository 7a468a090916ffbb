import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TotpFactor } from '../../../domain/entities/totp-factor.entity.js';
import { TotpAlreadyEnabledError } from '../../../domain/errors/totp-already-enabled.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SecretSealer } from '../../../domain/ports/secret-sealer.js';
import { TotpAlgorithm } from '../../../domain/ports/totp-algorithm.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { AuthConfig } from '../../auth-config.js';
import { EnrollTotpCommand } from './enroll-totp.command.js';

/** The secret is answered once, here; storage only ever holds it sealed for this user. */
@CommandHandler(EnrollTotpCommand)
export class EnrollTotpHandler implements ICommandHandler<EnrollTotpCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly factors: TotpFactorRepository,
    private readonly algorithm: TotpAlgorithm,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
  ) {}

  async execute(command: EnrollTotpCommand) {
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    const provisioning = this.algorithm.provision(
      this.config.totpIssuer,
      user.username,
    );
    const stored = await this.factors.savePending(
      new TotpFactor({
        userId: user.id,
        sealedSecret: this.sealer.seal(provisioning.secret, user.id),
        confirmedAt: null,
        lastStep: 0,
        recoveryCodeHashes: [],
        createdAt: this.clock.now(),
      }),
    );
    if (!stored) throw new TotpAlreadyEnabledError();
    return { secret: provisioning.secret, otpauthUri: provisioning.uri };
  }
}
