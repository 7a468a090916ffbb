import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidResetTokenError } from '../../../domain/errors/invalid-reset-token.error.js';
import { assertPasswordAllowed } from '../../../domain/policies/password.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { PasswordHasher } from '../../../domain/ports/password-hasher.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { AuthConfig } from '../../auth-config.js';
import { PasswordResetEvent } from '../../events/password-reset.event.js';
import { AccountTokenService } from '../../services/account-token.service.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { ResetPasswordCommand } from './reset-password.command.js';

/**
 * The token is redeemed (one atomic write: of parallel redemptions exactly one wins), then the
 * password replaced on the condition that it is still the one the token was made for (its
 * `passwordVersion`), which also bumps the token version: every session's tokens stop at once,
 * and the sessions are revoked. A reset link proves control of the address, so it also verifies
 * it. Every failure is the same `invalid_reset_token`.
 */
@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly tokens: AccountTokenService,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: ResetPasswordCommand): Promise<void> {
    const record = await this.tokens.find(
      command.token,
      ['password_reset', 'invitation'],
      this.clock.now(),
    );
    if (record === null || record.passwordVersion === null) {
      throw new InvalidResetTokenError();
    }
    const user = await this.users.findById(record.userId);
    if (user === null || !user.isActive) throw new InvalidResetTokenError();
    assertPasswordAllowed(command.newPassword, this.config.passwordPolicy);
    const hash = await this.hasher.hash(command.newPassword);
    const now = this.clock.now();
    if (!(await this.tokens.consume(record, now))) {
      throw new InvalidResetTokenError();
    }
    const bump = await this.users.replacePassword(
      record.userId,
      hash,
      record.passwordVersion,
      now,
    );
    // A change or another reset since the token was made: it replaced another password.
    if (bump === null) throw new InvalidResetTokenError();
    this.revocation.applyUser(bump.user.toSnapshot());
    const revoked = await this.sessions.revokeAllForUser(
      record.userId,
      'password_reset',
      now,
    );
    if (!bump.user.emailVerified && record.emailNormalized !== null) {
      const verified = await this.users.markEmailVerified(
        record.userId,
        record.emailNormalized,
        now,
      );
      if (verified !== null) this.revocation.applyUser(verified.toSnapshot());
    }
    await this.audit.publish(
      new PasswordResetEvent(
        record.userId,
        revoked,
        record.purpose === 'invitation',
        { requestId: command.requestId },
        now,
      ),
    );
  }
}
