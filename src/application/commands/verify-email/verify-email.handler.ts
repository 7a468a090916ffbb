import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { User } from '../../../domain/entities/user.entity.js';
import { InvalidVerificationTokenError } from '../../../domain/errors/invalid-verification-token.error.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Email } from '../../../domain/value-objects/email.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { EmailChangedEvent } from '../../events/email-changed.event.js';
import { EmailVerifiedEvent } from '../../events/email-verified.event.js';
import { AccountTokenService } from '../../services/account-token.service.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { RevocationStateService } from '../../services/revocation-state.service.js';
import { VerifyEmailCommand } from './verify-email.command.js';

/**
 * A verification token proves control of the address it was mailed to, so it verifies the account
 * only while that is still its address; an email-change token replaces the address only while the
 * old one is current and the password is the one it was asked with (both checked in the same
 * atomic update or before it). The token is redeemed first, once: of parallel redemptions exactly
 * one goes on. Every failure is the same `invalid_verification_token`.
 */
@CommandHandler(VerifyEmailCommand)
export class VerifyEmailHandler implements ICommandHandler<VerifyEmailCommand> {
  constructor(
    private readonly tokens: AccountTokenService,
    private readonly users: UserRepository,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: VerifyEmailCommand): Promise<PublicUser> {
    const now = this.clock.now();
    const record = await this.tokens.find(
      command.token,
      ['email_verification', 'email_change'],
      now,
    );
    if (record === null || record.emailNormalized === null) {
      throw new InvalidVerificationTokenError();
    }
    const user = await this.users.findById(record.userId);
    if (
      user === null ||
      !user.isActive ||
      user.emailNormalized !== record.emailNormalized ||
      (record.purpose === 'email_change' &&
        user.passwordVersion !== record.passwordVersion)
    ) {
      throw new InvalidVerificationTokenError();
    }
    if (!(await this.tokens.consume(record, now))) {
      throw new InvalidVerificationTokenError();
    }
    let updated: User | null;
    if (record.purpose === 'email_change' && record.newEmail !== null) {
      try {
        updated = await this.users.changeEmail(
          user.id,
          record.emailNormalized,
          Email.parse(record.newEmail),
          now,
        );
      } catch (error) {
        // Another account took the address since the mail was sent.
        if (error instanceof UserAlreadyExistsError) {
          throw new InvalidVerificationTokenError();
        }
        throw error;
      }
    } else {
      updated = await this.users.markEmailVerified(
        user.id,
        record.emailNormalized,
        now,
      );
    }
    if (updated === null) throw new InvalidVerificationTokenError();
    this.revocation.applyUser(updated.toSnapshot());
    const audit = { requestId: command.requestId };
    await this.audit.publish(
      record.purpose === 'email_change'
        ? new EmailChangedEvent(user.id, audit, now)
        : new EmailVerifiedEvent(user.id, audit, now),
    );
    return PublicUser.fromUser(updated);
  }
}
