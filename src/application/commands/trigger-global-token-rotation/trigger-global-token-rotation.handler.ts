import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TriggerSigningKeyRotationCommand } from '../trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RotationStateRepository } from '../../../domain/ports/rotation-state.repository.js';
import { AuthConfig } from '../../auth-config.js';
import { GlobalRotationResult } from '../../dtos/global-rotation-result.dto.js';
import { GlobalTokenRotatedEvent } from '../../events/global-token-rotated.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TriggerGlobalTokenRotationCommand } from './trigger-global-token-rotation.command.js';

/** One atomic write, O(1) in users and tokens; applied to this instance's cache at once. */
@CommandHandler(TriggerGlobalTokenRotationCommand)
export class TriggerGlobalTokenRotationHandler implements ICommandHandler<TriggerGlobalTokenRotationCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly rotationState: RotationStateRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
    private readonly commands: CommandBus,
  ) {}

  async execute(
    command: TriggerGlobalTokenRotationCommand,
  ): Promise<GlobalRotationResult> {
    const grace =
      command.gracePeriodSeconds ?? this.config.globalGracePeriodSeconds;
    // A grace longer than a refresh token lives would keep cut-off sessions alive for nothing.
    if (
      !Number.isInteger(grace) ||
      grace < 0 ||
      grace > this.config.refreshTokenTtlSeconds
    ) {
      throw new ValidationError(
        `grace_period_seconds must be an integer from 0 to ${this.config.refreshTokenTtlSeconds}`,
      );
    }
    // The key first: if it fails, nothing changed; a token of the new key is already refused by
    // the new global version's rules like every other pre-rotation token.
    const signingKey = command.rotateSigningKey
      ? await this.commands.execute(
          new TriggerSigningKeyRotationCommand(command.audit),
        )
      : null;
    const now = this.clock.now();
    const graceEndsAt = new Date(now.getTime() + grace * 1000);
    const state = await this.rotationState.rotate({
      now,
      graceEndsAt,
      reason: command.audit.reason ?? null,
      rotatedBy: command.audit.actorId ?? null,
    });
    this.revocation.applyGlobalState(state);
    await this.audit.publish(
      new GlobalTokenRotatedEvent(
        state.previousVersion,
        state.version,
        graceEndsAt,
        command.audit,
        now,
      ),
    );
    return new GlobalRotationResult(
      state.previousVersion,
      state.version,
      grace,
      graceEndsAt,
      signingKey,
    );
  }
}
