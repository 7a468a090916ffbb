import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/** Removes one of the user's own passkeys; `passkey_not_found` for any other id. */
export class DeletePasskeyCommand extends Command<void> {
  constructor(
    public readonly userId: string,
    public readonly credentialId: string,
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
