import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionNotFoundError } from '../../../domain/errors/session-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { SessionEndedEvent } from '../../events/session-ended.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { EndSessionCommand } from './end-session.command.js';

/**
 * Another user's session, an unknown id and an ended session all answer `session_not_found`: the
 * caller learns nothing about ids that are not theirs. Takes effect at once on this instance, at
 * the next revocation poll on the others (as logout).
 */
@CommandHandler(EndSessionCommand)
export class EndSessionHandler implements ICommandHandler<EndSessionCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: EndSessionCommand): Promise<void> {
    const now = this.clock.now();
    const session = await this.sessions.findById(command.sessionId);
    if (
      session === null ||
      session.userId !== command.userId ||
      !session.isActiveAt(now)
    ) {
      throw new SessionNotFoundError();
    }
    // Ended meanwhile by another request: the same answer as an ended one.
    if (!(await this.sessions.revoke(session.id, command.reason, now))) {
      throw new SessionNotFoundError();
    }
    this.revocation.applySessionRevoked(session.id, now);
    await this.audit.publish(
      new SessionEndedEvent(
        session.userId,
        session.id,
        { ...command.audit, reason: command.reason },
        now,
      ),
    );
  }
}
