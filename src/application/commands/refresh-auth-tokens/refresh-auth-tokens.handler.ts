import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import type { Session } from '../../../domain/entities/session.entity.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { RefreshTokenReusedError } from '../../../domain/errors/refresh-token-reused.error.js';
import { RefreshTokenSupersededError } from '../../../domain/errors/refresh-token-superseded.error.js';
import { TokenExpiredError } from '../../../domain/errors/token-expired.error.js';
import { TokenRevokedError } from '../../../domain/errors/token-revoked.error.js';
import { classifyRefreshReuse } from '../../../domain/policies/refresh-reuse.policy.js';
import { assertTokenAccepted } from '../../../domain/policies/token-version.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { AuthConfig } from '../../auth-config.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { RefreshTokenReuseDetectedEvent } from '../../events/refresh-token-reuse-detected.event.js';
import { TokensRefreshedEvent } from '../../events/tokens-refreshed.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TokenIssuer } from '../../services/token-issuer.service.js';
import { RefreshAuthTokensCommand } from './refresh-auth-tokens.command.js';

/**
 * Refresh-token rotation with reuse detection. The rotation itself is one compare-and-swap on the
 * session's current hash, so of several concurrent refreshes with one token exactly one wins.
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
    private readonly issuer: TokenIssuer,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: RefreshAuthTokensCommand): Promise<AuthTokens> {
    const now = this.clock.now();
    const presentedHash = this.refreshTokens.hash(command.refreshToken);
    const session = await this.sessions.findByRefreshTokenHash(presentedHash);
    if (session === null) {
      return this.handleNonCurrentToken(presentedHash, now, command.requestId);
    }

    if (session.isRevoked) throw new TokenRevokedError();
    if (session.isExpiredAt(now)) throw new TokenExpiredError();
    const [user, global] = await Promise.all([
      this.users.findById(session.userId),
      this.revocation.loadGlobalState(),
    ]);
    if (user !== null) this.revocation.applyUser(user.toSnapshot());
    const versions = { gv: session.globalVersion, uv: session.userVersion };
    assertTokenAccepted(versions, user, global, now);

    const next = this.refreshTokens.generate();
    const rotated = await this.sessions.rotate(session.id, presentedHash, {
      newRefreshTokenHash: next.hash,
      rotatedAt: now,
      expiresAt: this.issuer.refreshExpiry(now),
      // A refresh inside a grace window re-issues at the new version.
      globalVersion: global.version,
      userVersion: user.tokenVersion,
    });
    // Another request rotated (or revoked) this session between our read and our write.
    if (rotated === null) throw new RefreshTokenSupersededError();

    this.events.publish(new TokensRefreshedEvent(user.id, rotated.id, now));
    return this.issuer.issuePair(user, rotated, next.token, now);
  }

  private async handleNonCurrentToken(
    presentedHash: string,
    now: Date,
    requestId: string | undefined,
  ): Promise<never> {
    const family =
      await this.sessions.findByPreviousRefreshTokenHash(presentedHash);
    if (family === null) throw new InvalidTokenError();
    if (family.isRevoked) throw new TokenRevokedError();
    const reuseIntervalMs = this.config.refreshReuseIntervalSeconds * 1000;
    if (
      classifyRefreshReuse(family, presentedHash, now, reuseIntervalMs) ===
      'superseded'
    ) {
      throw new RefreshTokenSupersededError();
    }
    await this.revokeFamily(family, now, requestId);
    throw new RefreshTokenReusedError();
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
