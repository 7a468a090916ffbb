import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { SessionRevokedEvent } from '../../events/session-revoked.event.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { RevokeRefreshTokenCommand } from './revoke-refresh-token.command.js';

/** The session whose current refresh token this is ends, as by `POST /auth/logout`. */
@CommandHandler(RevokeRefreshTokenCommand)
export class RevokeRefreshTokenHandler implements ICommandHandler<RevokeRefreshTokenCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenGenerator,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(command: RevokeRefreshTokenCommand): Promise<void> {
    const session = await this.sessions.findByRefreshTokenHash(
      this.refreshTokens.hash(command.refreshToken),
    );
    if (session === null || session.isRevoked) return;
    const now = this.clock.now();
    if (!(await this.sessions.revoke(session.id, 'logout', now))) return;
    this.revocation.applySessionRevoked(session.id, now);
    this.events.publish(
      new SessionRevokedEvent(session.userId, session.id, 'logout', now),
    );
  }
}
