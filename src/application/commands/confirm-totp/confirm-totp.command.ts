import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/**
 * Confirms the pending TOTP enrolment with a current code: the factor is on from the next login,
 * and the answer carries the recovery codes, shown this once (storage keeps their hashes).
 */
export class ConfirmTotpCommand extends Command<{
  readonly recoveryCodes: readonly string[];
}> {
  constructor(
    public readonly userId: string,
    public readonly code: string,
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
