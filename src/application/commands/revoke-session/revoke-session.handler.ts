import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { SessionRevokedEvent } from '../../events/session-revoked.event.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { RevokeSessionCommand } from './revoke-session.command.js';

/** Idempotent: revoking an already revoked session succeeds quietly. */
@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RevokeSessionCommand): Promise<void> {
    const session = await this.sessions.findById(command.sessionId);
    // A session id from another user's token must never let this user revoke it.
    if (session === null || session.userId !== command.userId) return;
    const now = this.clock.now();
    const revoked = await this.sessions.revoke(session.id, 'logout', now);
    this.revocation.applySessionRevoked(session.id, session.revokedAt ?? now);
    if (revoked) {
      this.events.publish(
        new SessionRevokedEvent(session.userId, session.id, 'logout', now),
      );
    }
  }
}
