import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { OtherSessionsRevokedEvent } from '../../events/other-sessions-revoked.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { RevokeOtherSessionsCommand } from './revoke-other-sessions.command.js';

/** How many sessions one call looks at; a user with more is walked in rounds. */
const BATCH = 1000;

/**
 * Unlike logout-all it does not bump the user's token version (that would end the caller's own
 * session too): each other session is revoked by id, and this instance applies each at once; other
 * instances see them at their next revocation poll.
 */
@CommandHandler(RevokeOtherSessionsCommand)
export class RevokeOtherSessionsHandler implements ICommandHandler<RevokeOtherSessionsCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RevokeOtherSessionsCommand): Promise<number> {
    const now = this.clock.now();
    let revoked = 0;
    const revokedIds: string[] = [];
    for (;;) {
      const others = (
        await this.sessions.listActiveForUser(command.userId, now, BATCH + 1)
      ).filter((session) => session.id !== command.keepSessionId);
      if (others.length === 0) break;
      for (const session of others) {
        if (await this.sessions.revoke(session.id, 'logout', now)) {
          revoked += 1;
          revokedIds.push(session.id);
        }
        this.revocation.applySessionRevoked(session.id, now);
      }
      if (others.length < BATCH) break;
    }
    await this.audit.publish(
      new OtherSessionsRevokedEvent(
        command.userId,
        command.keepSessionId,
        revoked,
        { ...command.audit, reason: 'logout' },
        now,
        revokedIds,
      ),
    );
    return revoked;
  }
}
