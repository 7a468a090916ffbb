import type {
  Session,
  SessionRevocationReason,
} from '../../domain/entities/session.entity.js';
import type { Clock } from '../../domain/ports/clock.js';
import type {
  RevocationChangeKind,
  RevocationChangeRepository,
} from '../../domain/ports/revocation-change.repository.js';
import {
  SessionRepository,
  type SessionRevocation,
  type SessionRotation,
} from '../../domain/ports/session.repository.js';

/**
 * The sessions port as the application sees it: every revocation is first recorded in the
 * revocation change log (`session` for one session, `user_sessions` for a user's sessions), and
 * only then made. Same order and reasoning as `AnnouncedUserRepository`: a revocation never stands
 * without its entry; an entry whose revocation failed makes polls read a live session, nothing
 * more.
 */
export class AnnouncedSessionRepository extends SessionRepository {
  constructor(
    private readonly inner: SessionRepository,
    private readonly changes: RevocationChangeRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  create(session: Session): Promise<Session> {
    return this.inner.create(session);
  }

  findById(id: string): Promise<Session | null> {
    return this.inner.findById(id);
  }

  findByRefreshTokenHash(hash: string): Promise<Session | null> {
    return this.inner.findByRefreshTokenHash(hash);
  }

  findByPreviousRefreshTokenHash(hash: string): Promise<Session | null> {
    return this.inner.findByPreviousRefreshTokenHash(hash);
  }

  rotate(
    sessionId: string,
    expectedHash: string,
    rotation: SessionRotation,
  ): Promise<Session | null> {
    // A rotation refuses nothing (it is conditioned on the session not being revoked).
    return this.inner.rotate(sessionId, expectedHash, rotation);
  }

  async revoke(
    sessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<boolean> {
    await this.announce('session', sessionId, now);
    return this.inner.revoke(sessionId, reason, now);
  }

  async revokeAllForUser(
    userId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    await this.announce('user_sessions', userId, now);
    return this.inner.revokeAllForUser(userId, reason, now);
  }

  async revokeOtherSessions(
    userId: string,
    keepSessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    await this.announce('user_sessions', userId, now);
    return this.inner.revokeOtherSessions(userId, keepSessionId, reason, now);
  }

  listActiveForUser(
    userId: string,
    now: Date,
    limit: number,
  ): Promise<Session[]> {
    return this.inner.listActiveForUser(userId, now, limit);
  }

  findRevocationsAmong(
    sessionIds: readonly string[],
    userIds: readonly string[],
    since: Date,
  ): Promise<SessionRevocation[]> {
    return this.inner.findRevocationsAmong(sessionIds, userIds, since);
  }

  countActive(now: Date): Promise<number> {
    return this.inner.countActive(now);
  }

  private announce(
    kind: RevocationChangeKind,
    subjectId: string,
    changedAt: Date,
  ): Promise<void> {
    return this.changes.record({
      kind,
      subjectId,
      changedAt,
      recordedAt: this.clock.now(),
    });
  }
}
