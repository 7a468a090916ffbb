import { Command } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/**
 * Redeems a mailed verification token (the address is verified) or email-change token (the
 * account's address becomes the confirmed one).
 */
export class VerifyEmailCommand extends Command<PublicUser> {
  constructor(
    public readonly token: string,
    /** Correlation id of the HTTP request, recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
