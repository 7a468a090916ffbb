import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import {
  boundedClient,
  type Session,
} from '../../../domain/entities/session.entity.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { RefreshTokenReusedError } from '../../../domain/errors/refresh-token-reused.error.js';
import { RefreshTokenSupersededError } from '../../../domain/errors/refresh-token-superseded.error.js';
import { TokenExpiredError } from '../../../domain/errors/token-expired.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { classifyRefreshReuse } from '../../../domain/policies/refresh-reuse.policy.js';
import { assertTokenAccepted } from '../../../domain/policies/token-version.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RefreshSuccessorSealer } from '../../../domain/ports/refresh-successor-sealer.js';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import type { GlobalRotationState } from '../../../domain/entities/global-rotation-state.entity.js';
import { AuthConfig } from '../../auth-config.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import type { User } from '../../../domain/entities/user.entity.js';
import { RefreshTokenReuseDetectedEvent } from '../../events/refresh-token-reuse-detected.event.js';
import { TokensRefreshedEvent } from '../../events/tokens-refreshed.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TokenIssuer } from '../../services/token-issuer.service.js';
import { RefreshAuthTokensCommand } from './refresh-auth-tokens.command.js';

/**
 * Refresh-token rotation with reuse detection. The rotation itself is one compare-and-swap on the
 * session's current hash, so of several concurrent refreshes with one token exactly one rotates.
 * The others (and any repeat of that token within `refreshReuseIntervalSeconds`) get the same
 * successor back: the rotation stores it sealed under a key derived from the token it replaced,
 * which only that token's holder can open, with a fresh access token of the same session. Past the
 * interval, or for any older token, a replay is reuse and revokes the family.
 * The user and the global state are read from storage, not the cache (the global state the way
 * login reads it, `loadGlobalState`): refresh is rare and must be authoritative.
 */
@CommandHandler(RefreshAuthTokensCommand)
export class RefreshAuthTokensHandler implements ICommandHandler<RefreshAuthTokensCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenGenerator,
    private readonly sealer: RefreshSuccessorSealer,
    private readonly issuer: TokenIssuer,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RefreshAuthTokensCommand): Promise<AuthTokens> {
    const now = this.clock.now();
    const presented = command.refreshToken;
    const presentedHash = this.refreshTokens.hash(presented);
    const session = await this.sessions.findByRefreshTokenHash(presentedHash);
    if (session === null) {
      return this.handleNonCurrentToken(presented, presentedHash, now, command);
    }

    const { user, global } = await this.assertUsable(session, now);
    const next = this.refreshTokens.generate();
    const rotated = await this.sessions.rotate(session.id, presentedHash, {
      newRefreshTokenHash: next.hash,
      rotatedAt: now,
      expiresAt: this.issuer.refreshExpiry(now, session.createdAt),
      // A refresh inside a grace window re-issues at the new version.
      globalVersion: global.version,
      userVersion: user.tokenVersion,
      client: boundedClient(command.client),
      sealedSuccessor: this.sealer.seal(next.token, presented, session.id),
    });
    if (rotated === null) {
      // Another request rotated (or revoked) this session between our read and our write.
      const current = await this.sessions.findById(session.id);
      if (current === null || current.isRevoked) throw new TokenRevokedError();
      return this.repeat(current, presented, presentedHash, now, command, true);
    }

    this.events.publish(new TokensRefreshedEvent(user.id, rotated.id, now));
    // The login's amr and auth_time, as the session recorded them: a refresh authenticates no one.
    return this.issuer.issuePair(
      user,
      rotated,
      next.token,
      now,
      rotated.authentication,
    );
  }

  /** The session may still be refreshed: not revoked, not past its lifetimes, versions accepted. */
  private async assertUsable(
    session: Session,
    now: Date,
  ): Promise<{ user: User; global: GlobalRotationState }> {
    if (session.isRevoked) throw new TokenRevokedError();
    if (session.isExpiredAt(now) || this.issuer.lifetimeOver(session, now)) {
      throw new TokenExpiredError();
    }
    const [user, global] = await Promise.all([
      this.users.findById(session.userId),
      this.revocation.loadGlobalState(),
    ]);
    if (user !== null) this.revocation.applyUser(user.toSnapshot());
    const versions = { gv: session.globalVersion, uv: session.userVersion };
    assertTokenAccepted(versions, user, global, now);
    return { user, global };
  }

  /**
   * A repeat of the token rotated last, inside the interval: the successor the rotation sealed
   * under it and a new access token of the same session. Anything else is reuse.
   */
  private async repeat(
    session: Session,
    presented: string,
    presentedHash: string,
    now: Date,
    command: RefreshAuthTokensCommand,
    /** This request presented the current token and lost the compare-and-swap to another. */
    lostRace = false,
  ): Promise<AuthTokens> {
    const reuseIntervalMs = this.config.refreshReuseIntervalSeconds * 1000;
    if (
      classifyRefreshReuse(session, presentedHash, now, reuseIntervalMs) !==
      'superseded'
    ) {
      const history = session.previousRefreshTokenHashes;
      // Outside the interval (`refreshReuseIntervalSeconds: 0`), a request that presented the
      // current token and lost the race to the rotation of that very token is no thief: refuse
      // it, keep the session.
      if (lostRace && history[history.length - 1] === presentedHash) {
        throw new RefreshTokenSupersededError();
      }
      await this.revokeFamily(session, now, command.requestId);
      throw new RefreshTokenReusedError();
    }
    const successor =
      session.sealedSuccessor === null
        ? null
        : this.sealer.open(session.sealedSuccessor, presented, session.id);
    // Nothing to give back (rotated by a password change, or stored before sealing existed), or
    // the successor is no longer current: refuse the retry, keep the session.
    if (
      successor === null ||
      this.refreshTokens.hash(successor) !== session.refreshTokenHash
    ) {
      throw new RefreshTokenSupersededError();
    }
    const { user } = await this.assertUsable(session, now);
    return this.issuer.issuePair(
      user,
      session,
      successor,
      now,
      session.authentication,
    );
  }

  private async handleNonCurrentToken(
    presented: string,
    presentedHash: string,
    now: Date,
    command: RefreshAuthTokensCommand,
  ): Promise<AuthTokens> {
    const family =
      await this.sessions.findByPreviousRefreshTokenHash(presentedHash);
    if (family === null) throw new InvalidTokenError();
    if (family.isRevoked) throw new TokenRevokedError();
    return this.repeat(family, presented, presentedHash, now, command);
  }

  private async revokeFamily(
    session: Session,
    now: Date,
    requestId: string | undefined,
  ): Promise<void> {
    await this.sessions.revoke(session.id, 'refresh_token_reuse', now);
    this.revocation.applySessionRevoked(session.id, now);
    const event = new RefreshTokenReuseDetectedEvent(
      session.userId,
      session.id,
      now,
      requestId ?? null,
    );
    await this.audit.record(event);
    this.events.publish(event);
  }
}
