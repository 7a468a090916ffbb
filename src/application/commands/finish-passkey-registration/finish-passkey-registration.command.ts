import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';

/**
 * Finishes a registration: verifies the browser's `RegistrationResponseJSON` (challenge issued to
 * this user for registration, origin and rpId pinned) and stores the credential.
 */
export class FinishPasskeyRegistrationCommand extends Command<WebAuthnCredential> {
  constructor(
    public readonly userId: string,
    /** The `RegistrationResponseJSON`, shape-checked at the edge. */
    public readonly response: unknown,
    /** The owner's label; a default when null. */
    public readonly name: string | null,
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
