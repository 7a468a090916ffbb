import { Command } from '@nestjs/cqrs';
import type { WebAuthnOptionsJson } from '../../../domain/ports/webauthn-relying-party.js';

/**
 * Starts registering a passkey for a logged-in user: the `navigator.credentials.create()` options,
 * whose challenge is stored single-use for `webauthn.challengeTtlSeconds`.
 */
export class BeginPasskeyRegistrationCommand extends Command<WebAuthnOptionsJson> {
  constructor(public readonly userId: string) {
    super();
  }
}
