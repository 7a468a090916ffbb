import {
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { GlobalRotationState } from '../../domain/entities/global-rotation-state.entity.js';
import type { UserSnapshot } from '../../domain/entities/user.entity.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { TokenRevokedError } from '../../domain/errors/token-revoked.error.js';
import { assertTokenAccepted } from '../../domain/policies/token-version.policy.js';
import { Clock } from '../../domain/ports/clock.js';
import { RotationStateRepository } from '../../domain/ports/rotation-state.repository.js';
import { SessionRepository } from '../../domain/ports/session.repository.js';
import { UserRepository } from '../../domain/ports/user.repository.js';
import { AuthConfig } from '../auth-config.js';
import {
  asStorageError,
  describeError as describe,
} from './error-description.js';
import { Poller } from './poller.js';

/** The version facts of a token that revocation is decided on. */
export interface RevocationSubject {
  readonly sub: string;
  readonly sid: string;
  readonly gv: number;
  readonly uv: number;
}

/**
 * In-process view of everything that can revoke an access token: the global rotation state,
 * per-user versions/status, and recently revoked sessions. The guard consults only this, so a
 * request costs no storage round-trip in steady state.
 *
 * Freshness: changes made through this instance are applied at once; changes made by other
 * instances are picked up by polling storage every `revocationCacheRefreshMs`. If the poll falls
 * behind only because its timer did (storage answered last time, no poll under way), the request
 * path polls itself and waits; if storage is failing or a poll hangs, requests are served from
 * memory at once while the state is younger than `revocationMaxStalenessMs`, and past that they
 * wait for a poll (bounded by `storageTimeoutMs`, like every storage call) and fail closed if it
 * fails.
 */
@Injectable()
export class RevocationStateService
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('Tokenward');
  private globalState: GlobalRotationState = GlobalRotationState.initial();
  private readonly users: LRUCache<string, UserSnapshot>;
  /** Session id -> revocation time (ms). Only kept while access tokens of it can still be alive. */
  private readonly revokedSessions = new Map<string, number>();
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
    private readonly users$: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly rotationState: RotationStateRepository,
  ) {
    this.users = new LRUCache<string, UserSnapshot>({
      max: config.userCacheMaxEntries,
    });
  }

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
   * rotation, or deactivation; otherwise returns the user's current snapshot.
   */
  async assertNotRevoked(token: RevocationSubject): Promise<UserSnapshot> {
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
    if (this.revokedSessions.has(token.sid)) throw new TokenRevokedError();
    return this.decide(token, await this.getUser(token.sub), now);
  }

  /**
   * The steady-state fast path of `assertNotRevoked`, without a promise: when the state is fresh
   * and the user already cached, decides at once (returning the snapshot or throwing the same
   * domain error); returns undefined when the full, asynchronous path is needed.
   */
  decideFromCache(
    token: RevocationSubject,
    now: Date,
  ): UserSnapshot | undefined {
    if (
      now.getTime() - this.lastRefreshStartedAt >
      this.config.revocationCacheRefreshMs * 2
    ) {
      return undefined;
    }
    if (token.gv > this.globalState.version) return undefined;
    const user = this.users.get(token.sub);
    if (user === undefined) return undefined;
    if (this.revokedSessions.has(token.sid)) throw new TokenRevokedError();
    return this.decide(token, user, now);
  }

  private decide(
    token: RevocationSubject,
    user: UserSnapshot | null,
    now: Date,
  ): UserSnapshot {
    assertTokenAccepted(token, user, this.globalState, now);
    return user;
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

  /** A user's cacheable state, loaded from storage on first sight; null if no such user. */
  async getUser(userId: string): Promise<UserSnapshot | null> {
    const cached = this.users.get(userId);
    if (cached !== undefined) return cached;
    let loaded;
    try {
      loaded = await this.users$.findById(userId);
    } catch (error) {
      throw asStorageError(error);
    }
    if (loaded === null) return null;
    this.applyUser(loaded.toSnapshot());
    return this.users.get(userId) ?? null;
  }

  /** Applies a user change made through this instance (takes effect at once). */
  applyUser(snapshot: UserSnapshot): void {
    const cached = this.users.peek(snapshot.id);
    // Never let a slower, older read overwrite a newer state (a local rotation that raced a load).
    if (cached !== undefined && isNewer(cached, snapshot)) return;
    this.users.set(snapshot.id, snapshot);
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
    // An access token is accepted until exp + clock tolerance: remember its revoked session as long.
    const horizon =
      (this.config.accessTokenTtlSeconds + this.config.clockToleranceSeconds) *
        1000 +
      this.config.revocationPollOverlapMs;
    const since = Number.isFinite(this.lastRefreshStartedAt)
      ? this.lastRefreshStartedAt - this.config.revocationPollOverlapMs
      : startedAt - horizon;
    const [state, changedUsers, revocations] = await Promise.all([
      this.rotationState.get(),
      this.users$.findStateChangedSince(new Date(since)),
      this.sessions.findRevokedSince(new Date(since)),
    ]);
    this.applyGlobalState(state);
    for (const user of changedUsers) {
      // Users never seen here are loaded on demand; caching them now would only cost memory.
      if (this.users.has(user.id)) this.applyUser(user);
    }
    for (const revocation of revocations) {
      this.revokedSessions.set(
        revocation.sessionId,
        revocation.revokedAt.getTime(),
      );
    }
    // A session revoked longer ago than an access token lives can have no live token left.
    const forgetBefore = startedAt - horizon;
    for (const [sessionId, revokedAt] of this.revokedSessions) {
      if (revokedAt < forgetBefore) this.revokedSessions.delete(sessionId);
    }
    this.lastRefreshStartedAt = Math.max(this.lastRefreshStartedAt, startedAt);
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
