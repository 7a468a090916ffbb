import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { TokenVersionRejectedError } from '../../domain/errors/token-version-rejected.error.js';
import type { Clock } from '../../domain/ports/clock.js';

/** Settings of the receiver's deny state (validated by the module's options). */
export interface SsfDenyStateSettings {
  /**
   * The longest lifetime (`exp - iat`, seconds) of an access token of the auth app: a deny entry
   * is forgotten once every token it can concern has expired. A token that claims a longer
   * lifetime is refused (the deny state could not vouch for it that long).
   */
  readonly maxTokenLifetimeSeconds: number;
  readonly clockToleranceSeconds: number;
}

/** What the deny state needs of a verified access token. */
export interface DenyCheckedToken {
  readonly sub: string;
  readonly sid: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  /** Seconds since the epoch. */
  readonly exp: number;
}

interface UserEntry {
  /** Tokens of the user with `iat` below this (seconds) are refused. */
  readonly notBefore: number;
  /** Seconds since the epoch after which no such token can still be live. */
  readonly forgetAt: number;
}

/**
 * What an SSF receiver (a resource server in JWKS mode) has learned from the transmitter's
 * security events, checked on every request at the cost of two map look-ups and a compare:
 *
 * - a revoked session (CAEP `session-revoked` naming a session): every token of it is refused;
 * - a user's tokens issued before an instant (CAEP `credential-change`, `token-claims-change`,
 *   `session-revoked` for the whole user, RISC `account-disabled`, per-user rotation);
 * - every token issued before an instant (global rotation).
 *
 * Event timestamps are NumericDates and `iat` is whole seconds, so a token issued within the
 * event's second is refused too (it cannot be told apart from one issued just before).
 *
 * Memory is bounded by the events of one token lifetime: an entry is dropped once every token it
 * can concern has expired (`prune`), since no live token was issued before `now - lifetime`.
 */
export class SsfReceiverDenyState {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, UserEntry>();
  private globalNotBefore = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: SsfDenyStateSettings,
    private readonly clock: Clock,
  ) {}

  /** Refuses every token of `sessionId` (the session ended at `eventTimestamp`). */
  revokeSession(sessionId: string, eventTimestamp: number): void {
    const forgetAt = this.forgetAt(eventTimestamp);
    if (forgetAt <= this.nowSeconds()) return;
    const known = this.sessions.get(sessionId);
    if (known === undefined || known < forgetAt)
      this.sessions.set(sessionId, forgetAt);
  }

  /** Refuses the user's tokens issued at or before `eventTimestamp`. */
  denyUserTokensIssuedBefore(userId: string, eventTimestamp: number): void {
    const forgetAt = this.forgetAt(eventTimestamp);
    if (forgetAt <= this.nowSeconds()) return;
    const notBefore = Math.floor(eventTimestamp) + 1;
    const known = this.users.get(userId);
    if (known === undefined || known.notBefore < notBefore)
      this.users.set(userId, { notBefore, forgetAt });
  }

  /** Refuses every token issued at or before `eventTimestamp`. */
  denyAllTokensIssuedBefore(eventTimestamp: number): void {
    this.globalNotBefore = Math.max(
      this.globalNotBefore,
      Math.floor(eventTimestamp) + 1,
    );
  }

  /**
   * Throws `TokenRevokedError` for a token of a revoked session, `TokenVersionRejectedError` for
   * one issued before a rotation that concerns it, `InvalidTokenError` for one that lives longer
   * than `maxTokenLifetimeSeconds`.
   */
  check(token: DenyCheckedToken): void {
    if (token.exp - token.iat > this.settings.maxTokenLifetimeSeconds)
      throw new InvalidTokenError();
    if (this.sessions.has(token.sid)) throw new TokenRevokedError();
    if (token.iat < this.globalNotBefore) throw new TokenVersionRejectedError();
    const user = this.users.get(token.sub);
    if (user !== undefined && token.iat < user.notBefore)
      throw new TokenVersionRejectedError();
  }

  /** Drops the entries no live token can concern any more. */
  prune(): void {
    const now = this.nowSeconds();
    for (const [sid, forgetAt] of this.sessions)
      if (forgetAt <= now) this.sessions.delete(sid);
    for (const [sub, entry] of this.users)
      if (entry.forgetAt <= now) this.users.delete(sub);
  }

  /** How many session and user entries are held (the memory bound). */
  get size(): number {
    return this.sessions.size + this.users.size;
  }

  /**
   * Tokens concerned were issued within the event's second or before (for a session: before it
   * ended), by the clock that stamps both, so their `exp` is at most `event + 1 + lifetime`; the
   * verifier accepts a token up to `clockToleranceSeconds` past its `exp`. An event older than
   * that concerns no live token and is not stored.
   */
  private forgetAt(eventTimestamp: number): number {
    const { maxTokenLifetimeSeconds, clockToleranceSeconds } = this.settings;
    return (
      Math.floor(eventTimestamp) +
      1 +
      maxTokenLifetimeSeconds +
      clockToleranceSeconds
    );
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
