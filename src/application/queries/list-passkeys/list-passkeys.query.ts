import { Query } from '@nestjs/cqrs';
import type { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';

/** The user's own passkeys, oldest first. */
export class ListPasskeysQuery extends Query<readonly WebAuthnCredential[]> {
  constructor(public readonly userId: string) {
    super();
  }
}
