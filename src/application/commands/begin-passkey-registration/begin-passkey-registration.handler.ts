import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { WebAuthnRelyingParty } from '../../../domain/ports/webauthn-relying-party.js';
import { WebAuthnChallengeService } from '../../services/webauthn-challenge.service.js';
import { BeginPasskeyRegistrationCommand } from './begin-passkey-registration.command.js';

/** Creation options for the user, excluding the passkeys they already have. */
@CommandHandler(BeginPasskeyRegistrationCommand)
export class BeginPasskeyRegistrationHandler implements ICommandHandler<BeginPasskeyRegistrationCommand> {
  constructor(
    private readonly users: UserRepository,
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly challenges: WebAuthnChallengeService,
    private readonly relyingParty: WebAuthnRelyingParty,
  ) {}

  async execute(command: BeginPasskeyRegistrationCommand) {
    const user = await this.users.findById(command.userId);
    if (user === null) throw new UserNotFoundError();
    const existing = await this.credentials.listByUser(user.id);
    const challenge = await this.challenges.issue('registration', user.id);
    return this.relyingParty.registrationOptions({
      challenge,
      userId: user.id,
      userName: user.username,
      exclude: existing,
      timeoutMs: this.challenges.timeoutMs,
    });
  }
}
