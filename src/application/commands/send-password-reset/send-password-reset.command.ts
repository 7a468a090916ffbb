import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';

/** An admin (or the CLI) sends a user a reset mail; every session of the user is revoked. */
export class SendPasswordResetCommand extends Command<SessionsRevoked> {
  constructor(
    public readonly userId: string,
    /** Who asks (the admin; none from the CLI), in which request. */
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
