import { Command } from '@nestjs/cqrs';
import type { WebAuthnOptionsJson } from '../../../domain/ports/webauthn-relying-party.js';

/**
 * Starts a passkey assertion: with the `mfa_token` of a login pending its second factor, the
 * `navigator.credentials.get()` options listing that user's passkeys in `allowCredentials`;
 * without one (only with `webauthn.passwordless`), options for a discoverable credential, user
 * verification required.
 */
export class BeginPasskeyAuthenticationCommand extends Command<WebAuthnOptionsJson> {
  constructor(public readonly mfaToken: string | null) {
    super();
  }
}
