import { Command } from '@nestjs/cqrs';
import type { SessionsRevoked } from '../../dtos/sessions-revoked.dto.js';

/** An admin (or the CLI) sends a user a reset mail; every session of the user is revoked. */
export class SendPasswordResetCommand extends Command<SessionsRevoked> {
  constructor(
    public readonly userId: string,
    /** User id of the admin; none from the CLI. */
    public readonly requestedBy?: string,
    /** Correlation id of the HTTP request, recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
