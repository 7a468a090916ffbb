import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { WebAuthnRelyingParty } from '../../../domain/ports/webauthn-relying-party.js';
import { AuthConfig } from '../../auth-config.js';
import { ResolveMfaTokenQuery } from '../../queries/resolve-mfa-token/resolve-mfa-token.query.js';
import { WebAuthnChallengeService } from '../../services/webauthn-challenge.service.js';
import { BeginPasskeyAuthenticationCommand } from './begin-passkey-authentication.command.js';

/** The `mfa_token` is resolved, not used up: the assertion's `FinishPasskeyAuthentication` does. */
@CommandHandler(BeginPasskeyAuthenticationCommand)
export class BeginPasskeyAuthenticationHandler implements ICommandHandler<BeginPasskeyAuthenticationCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly queries: QueryBus,
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly challenges: WebAuthnChallengeService,
    private readonly relyingParty: WebAuthnRelyingParty,
  ) {}

  async execute(command: BeginPasskeyAuthenticationCommand) {
    if (command.mfaToken === null) {
      if (!this.config.webauthn.passwordless) throw mfaTokenRequired();
      const challenge = await this.challenges.issue('authentication', null);
      return this.relyingParty.authenticationOptions({
        challenge,
        allow: [],
        requireUserVerification: true,
        timeoutMs: this.challenges.timeoutMs,
      });
    }
    const pending = await this.queries.execute(
      new ResolveMfaTokenQuery(command.mfaToken),
    );
    const passkeys = await this.credentials.listByUser(pending.userId);
    // Only the owner of the password gets here, and `methods` already said which factors exist.
    if (passkeys.length === 0) {
      throw new ValidationError('This login has no passkey to complete it');
    }
    const challenge = await this.challenges.issue(
      'authentication',
      pending.userId,
    );
    return this.relyingParty.authenticationOptions({
      challenge,
      allow: passkeys,
      requireUserVerification: false,
      timeoutMs: this.challenges.timeoutMs,
    });
  }
}

/** Without `webauthn.passwordless`, a passkey is a second factor only. */
export function mfaTokenRequired(): ValidationError {
  return new ValidationError('mfa_token is required', [
    'mfa_token must be a string (passwordless passkey login is not enabled)',
  ]);
}
