import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';

/** A new set of recovery codes for a current TOTP code; the previous set stops working. */
export class RegenerateRecoveryCodesCommand extends Command<{
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
