import { Command } from '@nestjs/cqrs';
import type { PasswordChanged } from '../../dtos/password-changed.dto.js';

/** A signed-in user replaces their password; their other sessions are revoked, this one kept. */
export class ChangePasswordCommand extends Command<PasswordChanged> {
  constructor(
    public readonly userId: string,
    /** The calling session (`sid` of the access token), kept and re-issued. */
    public readonly sessionId: string,
    public readonly currentPassword: string,
    public readonly newPassword: string,
    /** Correlation id of the HTTP request, recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
