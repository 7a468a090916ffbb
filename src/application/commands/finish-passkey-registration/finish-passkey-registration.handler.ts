import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { WebAuthnRelyingParty } from '../../../domain/ports/webauthn-relying-party.js';
import { PasskeyRegisteredEvent } from '../../events/passkey-registered.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { WebAuthnChallengeService } from '../../services/webauthn-challenge.service.js';
import { FinishPasskeyRegistrationCommand } from './finish-passkey-registration.command.js';

/** At most this many passkeys per user (a bound on storage and on `allowCredentials`). */
export const MAX_PASSKEYS_PER_USER = 20;

/**
 * A registration that does not verify (challenge unknown, used, expired or another user's; wrong
 * origin or rpId; a bad attestation; a credential id already registered) is one 400: the caller is
 * logged in, and a 401 would read as "your session is gone".
 */
@CommandHandler(FinishPasskeyRegistrationCommand)
export class FinishPasskeyRegistrationHandler implements ICommandHandler<FinishPasskeyRegistrationCommand> {
  constructor(
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly challenges: WebAuthnChallengeService,
    private readonly relyingParty: WebAuthnRelyingParty,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(command: FinishPasskeyRegistrationCommand) {
    const taken = await this.challenges.take('registration', command.response);
    if (taken === null || taken.stored.userId !== command.userId) {
      throw refused();
    }
    const verified = await this.relyingParty.verifyRegistration({
      response: command.response,
      expectedChallenge: taken.challenge,
    });
    if (verified === null) throw refused();
    const existing = await this.credentials.listByUser(command.userId);
    if (existing.length >= MAX_PASSKEYS_PER_USER) {
      throw new ValidationError(
        `A user can have at most ${MAX_PASSKEYS_PER_USER} passkeys`,
      );
    }
    const now = this.clock.now();
    const credential = new WebAuthnCredential({
      id: verified.credentialId,
      userId: command.userId,
      publicKey: verified.publicKey,
      signCount: verified.signCount,
      transports: verified.transports,
      name: command.name ?? `Passkey ${existing.length + 1}`,
      createdAt: now,
      lastUsedAt: null,
    });
    if (!(await this.credentials.create(credential))) throw refused();
    await this.audit.publish(
      new PasskeyRegisteredEvent(
        command.userId,
        credential.id,
        credential.name,
        { actorId: command.userId, ...command.audit },
        now,
      ),
    );
    return credential;
  }
}

function refused(): ValidationError {
  return new ValidationError('The passkey registration did not verify');
}
