import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { MfaReset } from '../../dtos/mfa-reset.dto.js';

/**
 * An admin reset of a user's second factors (a lost device): every factor store removes the
 * user's factors (`MfaMethodSource.reset`), and every session of the user is revoked, so the next
 * login is the password alone (and enrols again where policy asks for a factor).
 */
export class ResetUserMfaCommand extends Command<MfaReset> {
  constructor(
    public readonly userId: string,
    /** Who asked (an admin; none for the CLI), why, in which request. */
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
