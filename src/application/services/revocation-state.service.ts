import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { GlobalRotationState } from '../../domain/entities/global-rotation-state.entity.js';
import type { UserSnapshot } from '../../domain/entities/user.entity.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { assertTokenAccepted } from '../../domain/policies/token-version.policy.js';
import { Clock } from '../../domain/ports/clock.js';
import {
  RevocationChangeRepository,
  type RevocationChange,
} from '../../domain/ports/revocation-change.repository.js';
import { RotationStateRepository } from '../../domain/ports/rotation-state.repository.js';
import { SessionRepository } from '../../domain/ports/session.repository.js';
import { UserRepository } from '../../domain/ports/user.repository.js';
import { AuthConfig } from '../auth-config.js';
import { describeError as describe } from './error-description.js';
import { Poller } from './poller.js';

/** The version facts of a token that revocation is decided on. */
export interface RevocationSubject {
  readonly sub: string;
  readonly sid: string;
  readonly gv: number;
  readonly uv: number;
}

/**
 * In-process view of everything that can revoke an access token: the global rotation state, the
 * users whose version, status, roles or email changed within the last access-token lifetime, and
 * the sessions revoked within it. The guard consults only this, so a request costs no storage
 * round-trip, and memory grows with the changes of one token lifetime, not with the users.
 *
 * Why a user with no recent change needs no state: an access token lives at most
 * `accessTokenTtlSeconds` (+ the clock tolerance). A token issued before a change of its user was
 * issued less than one lifetime before now, so that change is younger than the window and is in
 * `changes`; a user absent from it has not changed since any live token of theirs was issued, and
 * everything the guard must know is in the token (`uv` is the current version, the user was
 * active, `roles`, `preferred_username` and `email` are current). The window is the token
 * lifetime plus the tolerance plus `revocationPollOverlapMs` (clock skew between instances).
 *
 * Freshness: changes made through this instance are applied at once; changes made by other
 * instances are picked up by polling storage every `revocationCacheRefreshMs` (a start, or a state
 * older than the window, reads the whole window once). A poll reads the revocation change log
 * (`RevocationChangeRepository`: every instance records each change there *before* making it, see
 * `AnnouncedUserRepository`), then the users and sessions its entries name, by id: its cost
 * follows the changes of the window, never the number of users or sessions, on any server.
 *
 * A user or a user's sessions named by an entry of the window are re-read on every poll until the
 * entry leaves the window (whether a user's change landed cannot be told for sure from its state:
 * an earlier change may carry the same stamp); a session named by one is re-read until it is seen
 * revoked (a revocation is never undone). So a change that lands late (a slow or frozen server
 * that applies the write after its caller gave up) is still seen, and one that failed costs a
 * re-read per poll, never a wrong answer. A poll thus reads, by id, the subjects changed within
 * one token lifetime: O(changes in the window), at any user count. Entries are read with a look-back of `revocationPollOverlapMs`
 * (clock skew) + `storageTimeoutMs` (an entry is stored within that of its `recordedAt`, or its
 * change was never attempted). If the poll falls behind only because its
 * timer did (storage answered last time, no poll under way), the request path polls itself and
 * waits; if storage is failing or a poll hangs, requests are served from memory at once while the
 * state is younger than `revocationMaxStalenessMs`, and past that they wait for a poll (bounded by
 * `storageTimeoutMs`, like every storage call) and fail closed if it fails.
 */
@Injectable()
export class RevocationStateService
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private globalState: GlobalRotationState = GlobalRotationState.initial();
  /** User id -> the user's state after a change younger than the window. */
  private readonly changes = new Map<string, UserSnapshot>();
  /** Session id -> revocation time (ms). Only kept while access tokens of it can still be alive. */
  private readonly revokedSessions = new Map<string, number>();
  /** Users named by an entry of the window, re-read on every poll: user id -> `recordedAt` (ms). */
  private readonly watchedUsers = new Map<string, number>();
  /** Announced session revocations not yet seen landed: session id -> `recordedAt` (ms). */
  private readonly watchedSessions = new Map<string, number>();
  /** Announced revocations of a user's sessions, watched for the window: user id -> `recordedAt`. */
  private readonly watchedUserSessions = new Map<string, number>();
  /** Clock time (ms) of the start of the last successful refresh; -Infinity before the first. */
  private lastRefreshStartedAt = Number.NEGATIVE_INFINITY;
  private readonly poller = new Poller(
    () => this.poll(),
    (error) => {
      this.logger.warn(`Revocation state refresh failed: ${describe(error)}`);
    },
  );

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly rotationState: RotationStateRepository,
    private readonly changeLog: RevocationChangeRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      // Come up anyway: until a poll succeeds the state counts as infinitely stale, so every
      // validation retries the load and fails closed (503) instead of trusting nothing.
      this.logger.warn(
        `Initial revocation state load failed: ${describe(error)}`,
      );
    }
    this.poller.start(this.config.revocationCacheRefreshMs);
  }

  onApplicationShutdown(): void {
    this.poller.stop();
  }

  /**
   * Throws the domain error that applies when the token is revoked by logout, per-user or global
   * rotation, or deactivation; otherwise returns the user's state after a change younger than the
   * window (whose roles, username and email override the token's), or null when the user has not
   * changed since the token was issued.
   */
  async assertNotRevoked(
    token: RevocationSubject,
  ): Promise<UserSnapshot | null> {
    const now = this.clock.now();
    await this.ensureFresh(now);
    if (token.gv > this.globalState.version) {
      // Issued by an instance that rotated after our last poll: catch up (one shared poll) rather
      // than reject a valid token. Only a token we signed can carry a newer version, so when the
      // poll fails the honest answer is "cannot tell now" (503), not a 401 the client acts on.
      try {
        await this.refresh();
      } catch (error) {
        this.logger.warn(`Revocation state refresh failed: ${describe(error)}`);
        throw new StorageUnavailableError('Revocation state is unavailable', {
          cause: error,
        });
      }
    }
    return this.decide(token, now);
  }

  /**
   * The steady-state fast path of `assertNotRevoked`, without a promise: when the state is fresh,
   * decides at once (returning the recent change or null, or throwing the same domain error);
   * returns undefined when the full, asynchronous path is needed.
   */
  decideFromCache(
    token: RevocationSubject,
    now: Date,
  ): UserSnapshot | null | undefined {
    if (
      now.getTime() - this.lastRefreshStartedAt >
      this.config.revocationCacheRefreshMs * 2
    ) {
      return undefined;
    }
    if (token.gv > this.globalState.version) return undefined;
    return this.decide(token, now);
  }

  private decide(token: RevocationSubject, now: Date): UserSnapshot | null {
    if (this.revokedSessions.has(token.sid)) throw new TokenRevokedError();
    const change = this.changes.get(token.sub);
    // No change within the window: the token's own `uv` is the user's version, and the user was
    // active when it was issued (inactive users get no tokens).
    assertTokenAccepted(
      token,
      change ?? { isActive: true, tokenVersion: token.uv },
      this.globalState,
      now,
    );
    return change ?? null;
  }

  /** Users with a change inside the window held in memory (for health checks and tests). */
  get recentUserChanges(): number {
    return this.changes.size;
  }

  /** The global rotation state, refreshed first if it is overdue. */
  async getGlobalState(): Promise<GlobalRotationState> {
    await this.ensureFresh(this.clock.now());
    return this.globalState;
  }

  /** The global rotation state read from storage (authoritative), applied to the cache first. */
  async loadGlobalState(): Promise<GlobalRotationState> {
    this.applyGlobalState(await this.rotationState.get());
    return this.globalState;
  }

  /**
   * Applies a user's state read or changed through this instance (takes effect at once). Only a
   * change younger than the window is kept: an older one can no longer meet a live token issued
   * before it.
   */
  applyUser(snapshot: UserSnapshot): void {
    this.remember(snapshot, this.clock.now().getTime() - this.windowMs());
  }

  /** Applies a session revocation made through this instance (takes effect at once). */
  applySessionRevoked(sessionId: string, revokedAt: Date): void {
    this.revokedSessions.set(sessionId, revokedAt.getTime());
  }

  /** Applies a global rotation made through this instance (takes effect at once). */
  applyGlobalState(state: GlobalRotationState): void {
    if (state.version >= this.globalState.version) this.globalState = state;
  }

  /** Polls storage for changes since the last refresh; concurrent callers share one poll. */
  refresh(): Promise<void> {
    return this.poller.run();
  }

  /** Age in ms of the revocation state, by the injected clock (for health checks). */
  stalenessMs(): number {
    return this.clock.now().getTime() - this.lastRefreshStartedAt;
  }

  private async poll(): Promise<void> {
    const startedAt = this.clock.now().getTime();
    // An access token is accepted until exp + clock tolerance: whatever could revoke one issued
    // before it is kept as long, and a start (or a state older than that) reads this much once.
    const windowStart = startedAt - this.windowMs();
    const lookBack =
      this.config.revocationPollOverlapMs + this.config.storageTimeoutMs;
    const since = Math.max(windowStart, this.lastRefreshStartedAt - lookBack);
    const [state, entries] = await Promise.all([
      this.rotationState.get(),
      this.changeLog.findSince(new Date(since)),
    ]);
    for (const entry of entries) this.watch(entry, windowStart);
    this.forgetWatchesBefore(windowStart);
    const [changedUsers, revocations] = await Promise.all([
      this.watchedUsers.size === 0
        ? []
        : this.users.findSnapshotsByIds([...this.watchedUsers.keys()]),
      this.watchedSessions.size === 0 && this.watchedUserSessions.size === 0
        ? []
        : this.sessions.findRevocationsAmong(
            [...this.watchedSessions.keys()],
            [...this.watchedUserSessions.keys()],
            new Date(windowStart),
          ),
    ]);
    this.applyGlobalState(state);
    const found = new Set<string>();
    for (const user of changedUsers) {
      found.add(user.id);
      this.remember(user, windowStart);
    }
    // A user that does not exist has nothing to revoke (ids are never reused).
    for (const id of this.watchedUsers.keys()) {
      if (!found.has(id)) this.watchedUsers.delete(id);
    }
    for (const revocation of revocations) {
      this.revokedSessions.set(
        revocation.sessionId,
        revocation.revokedAt.getTime(),
      );
      // Landed: a revocation is never undone.
      this.watchedSessions.delete(revocation.sessionId);
    }
    // A change or a revocation older than an access token lives can meet no live token left.
    for (const [userId, user] of this.changes) {
      if (user.stateChangedAt.getTime() < windowStart)
        this.changes.delete(userId);
    }
    for (const [sessionId, revokedAt] of this.revokedSessions) {
      if (revokedAt < windowStart) this.revokedSessions.delete(sessionId);
    }
    this.lastRefreshStartedAt = Math.max(this.lastRefreshStartedAt, startedAt);
  }

  /** How long a change can matter: the longest a token issued before it is accepted, + overlap. */
  private windowMs(): number {
    return (
      (this.config.accessTokenTtlSeconds + this.config.clockToleranceSeconds) *
        1000 +
      this.config.revocationPollOverlapMs
    );
  }

  private watch(entry: RevocationChange, windowStart: number): void {
    const recordedAt = entry.recordedAt.getTime();
    if (recordedAt < windowStart) return;
    if (entry.kind === 'session' && this.revokedSessions.has(entry.subjectId))
      return;
    const watched =
      entry.kind === 'user'
        ? this.watchedUsers
        : entry.kind === 'session'
          ? this.watchedSessions
          : this.watchedUserSessions;
    const known = watched.get(entry.subjectId) ?? 0;
    watched.set(entry.subjectId, Math.max(known, recordedAt));
  }

  /** Entries recorded before the window can announce nothing a live token could meet. */
  private forgetWatchesBefore(windowStart: number): void {
    for (const watched of [
      this.watchedUsers,
      this.watchedSessions,
      this.watchedUserSessions,
    ]) {
      for (const [id, recordedAt] of watched) {
        if (recordedAt < windowStart) watched.delete(id);
      }
    }
  }

  private remember(snapshot: UserSnapshot, windowStart: number): void {
    if (snapshot.stateChangedAt.getTime() < windowStart) return;
    const known = this.changes.get(snapshot.id);
    // Never let a slower, older read overwrite a newer state (a local change that raced a poll).
    if (known !== undefined && isNewer(known, snapshot)) return;
    this.changes.set(snapshot.id, snapshot);
  }

  private async ensureFresh(now: Date): Promise<void> {
    const age = now.getTime() - this.lastRefreshStartedAt;
    // The timer normally keeps age below one interval; two means it fell behind.
    if (age <= this.config.revocationCacheRefreshMs * 2) return;
    if (
      age <= this.config.revocationMaxStalenessMs &&
      !this.pollIsWorthWaitingFor()
    ) {
      // Storage failed or a poll is hanging: serve from memory at once rather than queue behind
      // it; a poll (shared with the timer's) catches up in the background. Its failure is the
      // timer's to log.
      this.refresh().catch(() => undefined);
      return;
    }
    try {
      await this.refresh();
    } catch (error) {
      const ageNow = this.clock.now().getTime() - this.lastRefreshStartedAt;
      if (ageNow > this.config.revocationMaxStalenessMs) {
        this.logger.error(
          `Revocation state is ${Math.round(ageNow)} ms old and cannot be refreshed: failing closed (${describe(error)})`,
        );
        throw new StorageUnavailableError('Revocation state is unavailable', {
          cause: error,
        });
      }
      this.logger.warn(
        `Revocation state refresh failed, serving state ${ageNow} ms old: ${describe(error)}`,
      );
    }
  }

  /**
   * Only a poll this request would start itself, on a storage that answered the last poll: the
   * timer fell behind (a starved event loop) and catching up costs one quick round-trip. A poll
   * already under way while the state is this old is a slow or hanging one.
   */
  private pollIsWorthWaitingFor(): boolean {
    return this.poller.running === null && !this.poller.lastFailed;
  }
}

function isNewer(a: UserSnapshot, b: UserSnapshot): boolean {
  if (a.tokenVersion !== b.tokenVersion) return a.tokenVersion > b.tokenVersion;
  return a.stateChangedAt.getTime() > b.stateChangedAt.getTime();
}
