import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Session } from '../../../domain/entities/session.entity.js';
import { InvalidPasswordError } from '../../../domain/errors/invalid-password.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { assertPasswordAllowed } from '../../../domain/policies/password.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { PasswordHasher } from '../../../domain/ports/password-hasher.js';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { AuthConfig } from '../../auth-config.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { PasswordChanged } from '../../dtos/password-changed.dto.js';
import { PasswordChangedEvent } from '../../events/password-changed.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { CurrentPasswordCheck } from '../../services/current-password.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { TokenIssuer } from '../../services/token-issuer.service.js';
import { ChangePasswordCommand } from './change-password.command.js';
import type { User } from '../../../domain/entities/user.entity.js';

/** Attempts at re-issuing the caller's session when a refresh of it races the change. */
const REISSUE_ATTEMPTS = 3;

/**
 * The new hash, `passwordVersion` + 1 (voiding every reset link) and the user's token version + 1
 * are one atomic write: from then on no access token issued before is accepted, here at once and
 * on other instances within `revocationCacheRefreshMs` (their poll sees `stateChangedAt`), and no
 * refresh token of an older version refreshes. The calling session is then re-issued at the new
 * version (same session id, new token pair in the answer) and every other session is revoked.
 */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly currentPassword: CurrentPasswordCheck,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenGenerator,
    private readonly issuer: TokenIssuer,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<PasswordChanged> {
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    await this.currentPassword.confirm(user, command.currentPassword);
    assertPasswordAllowed(command.newPassword, this.config.passwordPolicy);
    const hash = await this.hasher.hash(command.newPassword);
    const now = this.clock.now();
    const bump = await this.users.replacePassword(
      user.id,
      hash,
      user.passwordVersion,
      now,
    );
    // Another change or reset landed since the current password was checked: it no longer is.
    if (bump === null) throw new InvalidPasswordError();
    this.revocation.applyUser(bump.user.toSnapshot());
    const tokens = await this.reissue(bump.user, command.sessionId, now);
    const revoked = await this.sessions.revokeOtherSessions(
      user.id,
      tokens.sessionId,
      'password_changed',
      now,
    );
    await this.audit.publish(
      new PasswordChangedEvent(
        user.id,
        revoked,
        { actorId: user.id, requestId: command.requestId },
        now,
      ),
    );
    return new PasswordChanged(tokens, revoked);
  }

  /**
   * The caller's session at the new versions, by compare-and-swap on its current refresh hash. If
   * it is gone (revoked or expired meanwhile), the caller proved the password, which is what a
   * login asks: it gets a new session instead.
   */
  private async reissue(
    user: User,
    sessionId: string,
    now: Date,
  ): Promise<AuthTokens> {
    const global = await this.revocation.loadGlobalState();
    for (let attempt = 0; attempt < REISSUE_ATTEMPTS; attempt += 1) {
      const session = await this.sessions.findById(sessionId);
      if (
        session === null ||
        session.userId !== user.id ||
        session.isRevoked ||
        session.isExpiredAt(now)
      ) {
        break;
      }
      const next = this.refreshTokens.generate();
      const rotated = await this.sessions.rotate(
        session.id,
        session.refreshTokenHash,
        {
          newRefreshTokenHash: next.hash,
          rotatedAt: now,
          expiresAt: this.issuer.refreshExpiry(now, session.createdAt),
          globalVersion: global.version,
          userVersion: user.tokenVersion,
          // No presented token to seal under: a repeat of the replaced one is superseded.
          sealedSuccessor: null,
        },
      );
      if (rotated !== null)
        return this.issuer.issuePair(
          user,
          rotated,
          next.token,
          now,
          rotated.authentication,
        );
    }
    const fresh = this.refreshTokens.generate();
    const session = await this.sessions.create(
      Session.opened({
        id: randomUUID(),
        userId: user.id,
        refreshTokenHash: fresh.hash,
        globalVersion: global.version,
        userVersion: user.tokenVersion,
        createdAt: now,
        expiresAt: this.issuer.refreshExpiry(now),
        // The caller just proved the password, and nothing more.
        authentication: { amr: ['pwd'], authTime: now },
      }),
    );
    return this.issuer.issuePair(
      user,
      session,
      fresh.token,
      now,
      session.authentication,
    );
  }
}
