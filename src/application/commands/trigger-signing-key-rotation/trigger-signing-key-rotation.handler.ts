import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { verifiesUntil } from '../../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyRotationResult } from '../../dtos/signing-key-rotation-result.dto.js';
import { SigningKeyRotatedEvent } from '../../events/signing-key-rotated.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { SigningKeyRingService } from '../../services/signing-key-ring.service.js';
import { TriggerSigningKeyRotationCommand } from './trigger-signing-key-rotation.command.js';

/** One compare-and-swap of the shared key ring; applied to this instance at once. */
@CommandHandler(TriggerSigningKeyRotationCommand)
export class TriggerSigningKeyRotationHandler implements ICommandHandler<TriggerSigningKeyRotationCommand> {
  constructor(
    private readonly keys: SigningKeyRingService,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    command: TriggerSigningKeyRotationCommand,
  ): Promise<SigningKeyRotationResult> {
    const outcome = await this.keys.rotate({
      revokePrevious: command.revokePrevious,
      algorithm: command.algorithm,
    });
    const active = outcome.ring.active;
    const previous = outcome.ring.keys.find(
      (k) => k.kid === outcome.previous.kid,
    );
    await this.audit.publish(
      new SigningKeyRotatedEvent(
        active.kid,
        active.algorithm,
        outcome.previous.kid,
        outcome.revokedKids,
        command.audit,
        outcome.rotatedAt,
      ),
    );
    return new SigningKeyRotationResult(
      active.kid,
      active.algorithm,
      outcome.previous.kid,
      outcome.revokedKids,
      outcome.rotatedAt,
      previous === undefined || previous.revokedAt !== null
        ? null
        : verifiesUntil(previous, this.keys.verifyWindowSeconds),
    );
  }
}
