import {
  MAX_REMEMBERED_REFRESH_HASHES,
  Session,
  type SessionProps,
  type SessionRevocationReason,
} from '../../../domain/entities/session.entity.js';
import {
  SessionRepository,
  type SessionRevocation,
  type SessionRotation,
} from '../../../domain/ports/session.repository.js';
import { flat, flatOrNull, sameInstant, sharedOrNull } from './compact.js';
import { SharedLists } from './shared-lists.js';

/** How often expired sessions are swept out of memory. */
const SWEEP_INTERVAL_MS = 60_000;

/** The superseded hashes of every session not rotated yet. */
const NO_HASHES: readonly string[] = Object.freeze([]);

/**
 * Process-local sessions. Each method is atomic on Node's single thread (no await between its
 * check and its write), which is what makes `rotate` a real compare-and-swap. What it keeps is
 * compacted (`stored`): flat strings, one copy for equal ones, shared `amr` lists, one Date for
 * equal instants.
 */
export class MemorySessionRepository extends SessionRepository {
  private readonly byId = new Map<string, Session>();
  private readonly idByHash = new Map<string, string>();
  private readonly idByPreviousHash = new Map<string, string>();
  /** A user's session id, or a Set of them from the second on: most users hold one session. */
  private readonly idsByUser = new Map<string, string | Set<string>>();
  private readonly amrLists = new SharedLists();
  private lastSweep = Number.NEGATIVE_INFINITY;

  async create(candidate: Session): Promise<Session> {
    this.sweep(candidate.createdAt);
    const session = this.stored(candidate);
    this.byId.set(session.id, session);
    this.idByHash.set(session.refreshTokenHash, session.id);
    const ids = this.idsByUser.get(session.userId);
    if (ids === undefined) this.idsByUser.set(session.userId, session.id);
    else if (typeof ids === 'string')
      this.idsByUser.set(session.userId, new Set([ids, session.id]));
    else ids.add(session.id);
    return session;
  }

  async findById(id: string): Promise<Session | null> {
    return this.byId.get(id) ?? null;
  }

  async findByRefreshTokenHash(hash: string): Promise<Session | null> {
    const id = this.idByHash.get(hash);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async findByPreviousRefreshTokenHash(hash: string): Promise<Session | null> {
    const id = this.idByPreviousHash.get(hash);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async rotate(
    sessionId: string,
    expectedHash: string,
    rotation: SessionRotation,
  ): Promise<Session | null> {
    const session = this.byId.get(sessionId);
    if (
      session === undefined ||
      session.isRevoked ||
      session.refreshTokenHash !== expectedHash
    ) {
      return null;
    }
    const previous = [...session.previousRefreshTokenHashes, expectedHash];
    const kept = previous.slice(-MAX_REMEMBERED_REFRESH_HASHES);
    for (const dropped of previous.slice(0, previous.length - kept.length)) {
      this.idByPreviousHash.delete(dropped);
    }
    const updated = this.stored(
      {
        ...session,
        refreshTokenHash: rotation.newRefreshTokenHash,
        previousRefreshTokenHashes: kept,
        lastRotatedAt: rotation.rotatedAt,
        expiresAt: rotation.expiresAt,
        globalVersion: rotation.globalVersion,
        userVersion: rotation.userVersion,
        lastUsedAt: rotation.rotatedAt,
        lastUsedIp: rotation.client ? rotation.client.ip : session.lastUsedIp,
        lastUsedUserAgent: rotation.client
          ? rotation.client.userAgent
          : session.lastUsedUserAgent,
        sealedSuccessor: rotation.sealedSuccessor ?? null,
      },
      session,
    );
    this.byId.set(sessionId, updated);
    this.idByHash.delete(expectedHash);
    this.idByHash.set(rotation.newRefreshTokenHash, sessionId);
    this.idByPreviousHash.set(expectedHash, sessionId);
    return updated;
  }

  async revoke(
    sessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<boolean> {
    const session = this.byId.get(sessionId);
    if (session === undefined || session.isRevoked) return false;
    this.byId.set(
      sessionId,
      new Session({ ...session, revokedAt: now, revocationReason: reason }),
    );
    return true;
  }

  async revokeAllForUser(
    userId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    let count = 0;
    for (const id of this.sessionIdsOf(userId)) {
      if (await this.revoke(id, reason, now)) count += 1;
    }
    return count;
  }

  async revokeOtherSessions(
    userId: string,
    keepSessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    let count = 0;
    for (const id of this.sessionIdsOf(userId)) {
      if (id !== keepSessionId && (await this.revoke(id, reason, now)))
        count += 1;
    }
    return count;
  }

  async listActiveForUser(
    userId: string,
    now: Date,
    limit: number,
  ): Promise<Session[]> {
    const sessions: Session[] = [];
    for (const id of this.sessionIdsOf(userId)) {
      const session = this.byId.get(id);
      if (session?.isActiveAt(now)) sessions.push(session);
    }
    return sessions
      .sort(
        (a, b) =>
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .slice(0, Math.max(0, limit));
  }

  async findRevocationsAmong(
    sessionIds: readonly string[],
    userIds: readonly string[],
    since: Date,
  ): Promise<SessionRevocation[]> {
    const ids = new Set(sessionIds);
    for (const userId of userIds) {
      for (const id of this.sessionIdsOf(userId)) ids.add(id);
    }
    const result: SessionRevocation[] = [];
    for (const id of ids) {
      const session = this.byId.get(id);
      if (session?.revokedAt && session.revokedAt.getTime() > since.getTime()) {
        result.push({
          sessionId: id,
          userId: session.userId,
          revokedAt: session.revokedAt,
        });
      }
    }
    return result;
  }

  async countActive(now: Date): Promise<number> {
    let count = 0;
    for (const session of this.byId.values()) {
      if (!session.isRevoked && !session.isExpiredAt(now)) count += 1;
    }
    return count;
  }

  // Expired sessions can neither be refreshed nor replayed: forget them and their hashes.
  private sweep(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    for (const session of this.byId.values()) {
      if (!session.isExpiredAt(now)) continue;
      this.byId.delete(session.id);
      this.idByHash.delete(session.refreshTokenHash);
      for (const hash of session.previousRefreshTokenHashes)
        this.idByPreviousHash.delete(hash);
      this.forget(session);
    }
  }

  private sessionIdsOf(userId: string): Iterable<string> {
    const ids = this.idsByUser.get(userId);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  private forget(session: Session): void {
    const ids = this.idsByUser.get(session.userId);
    if (ids === session.id) this.idsByUser.delete(session.userId);
    else if (typeof ids === 'object') {
      ids.delete(session.id);
      if (ids.size === 0) this.idsByUser.delete(session.userId);
    }
  }

  /**
   * `props` as kept: the same values, with equal strings, lists and instants shared. `previous`
   * is the session being replaced, whose strings a rotation from the same client reuses.
   */
  private stored(props: SessionProps, previous?: Session): Session {
    const createdAt = props.createdAt;
    const loginIp = flatOrNull(props.loginIp);
    const loginUserAgent = flatOrNull(props.loginUserAgent);
    return new Session({
      ...props,
      id: flat(props.id),
      userId: flat(props.userId),
      previousRefreshTokenHashes:
        props.previousRefreshTokenHashes.length === 0
          ? NO_HASHES
          : props.previousRefreshTokenHashes,
      lastUsedAt: sameInstant(props.lastUsedAt, createdAt),
      loginIp,
      loginUserAgent,
      lastUsedIp: sharedOrNull(
        props.lastUsedIp,
        previous?.lastUsedIp ?? null,
        loginIp,
      ),
      lastUsedUserAgent: sharedOrNull(
        props.lastUsedUserAgent,
        previous?.lastUsedUserAgent ?? null,
        loginUserAgent,
      ),
      deviceName: flatOrNull(props.deviceName),
      amr: props.amr === null ? null : this.amrLists.share(props.amr),
      authTime:
        props.authTime === null ? null : sameInstant(props.authTime, createdAt),
    });
  }
}
