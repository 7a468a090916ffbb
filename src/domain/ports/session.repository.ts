import type {
  Session,
  SessionClient,
  SessionRevocationReason,
} from '../entities/session.entity.js';

/** What a successful rotation writes into the session. */
export interface SessionRotation {
  readonly newRefreshTokenHash: string;
  readonly rotatedAt: Date;
  readonly expiresAt: Date;
  readonly globalVersion: number;
  readonly userVersion: number;
  /**
   * Who refreshed: becomes the session's `lastUsedIp` / `lastUsedUserAgent` (absent: kept as they
   * are). `lastUsedAt` becomes `rotatedAt` either way.
   */
  readonly client?: SessionClient;
  /** The new refresh token sealed under the replaced one (see `Session.sealedSuccessor`); absent: none. */
  readonly sealedSuccessor?: string | null;
}

/** A revoked session id and when it was revoked: what the revocation cache polls for. */
export interface SessionRevocation {
  readonly sessionId: string;
  readonly userId: string;
  readonly revokedAt: Date;
}

/** Port: where sessions (refresh-token families) live. */
export abstract class SessionRepository {
  abstract create(session: Session): Promise<Session>;
  abstract findById(id: string): Promise<Session | null>;
  /** The session whose *current* refresh token has this hash. */
  abstract findByRefreshTokenHash(hash: string): Promise<Session | null>;
  /** The session that *used to* have a refresh token with this hash (reuse detection). */
  abstract findByPreviousRefreshTokenHash(
    hash: string,
  ): Promise<Session | null>;
  /**
   * Compare-and-swap: replaces the refresh token only if the session is not revoked and its
   * current hash is still `expectedHash`. Returns the updated session, or null when another
   * request won the race (or the session was revoked meanwhile).
   */
  abstract rotate(
    sessionId: string,
    expectedHash: string,
    rotation: SessionRotation,
  ): Promise<Session | null>;
  /** Revokes one session; false when it did not exist or was already revoked. */
  abstract revoke(
    sessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<boolean>;
  /** Revokes every live session of a user; returns how many were revoked. */
  abstract revokeAllForUser(
    userId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number>;
  /** Revokes every live session of a user but `keepSessionId`; returns how many were revoked. */
  abstract revokeOtherSessions(
    userId: string,
    keepSessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number>;
  /**
   * A user's sessions neither revoked nor expired at `now`, newest first (`createdAt`, then id,
   * descending), at most `limit`.
   */
  abstract listActiveForUser(
    userId: string,
    now: Date,
    limit: number,
  ): Promise<Session[]>;
  /**
   * The revoked sessions among those with an id in `sessionIds` or a user in `userIds`, revoked
   * strictly after `since` (any order).
   */
  abstract findRevocationsAmong(
    sessionIds: readonly string[],
    userIds: readonly string[],
    since: Date,
  ): Promise<SessionRevocation[]>;
  /** Number of sessions neither revoked nor expired at `now`. */
  abstract countActive(now: Date): Promise<number>;
}
