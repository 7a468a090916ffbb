import { Command } from '@nestjs/cqrs';

/** Sets a new password with a mailed reset (or invitation) token; every session is revoked. */
export class ResetPasswordCommand extends Command<void> {
  constructor(
    public readonly token: string,
    public readonly newPassword: string,
    /** Correlation id of the HTTP request, recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
