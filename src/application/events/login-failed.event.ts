import type { IEvent } from '@nestjs/cqrs';

/**
 * A login was refused with 401. `identifier` is what was typed as username/email; never the
 * password. `account_locked`: the account's attempts for this window were used up (through any of
 * its identifiers), so the password was not checked — the client saw an ordinary 401; a host may
 * tell the account's owner (not the client) that sign-in is paused. `email_not_verified` (403,
 * with `requireVerifiedEmail`): the password was right but the address is not verified yet.
 */
export class LoginFailedEvent implements IEvent {
  constructor(
    readonly identifier: string,
    readonly reason:
      | 'unknown_user'
      | 'wrong_password'
      | 'inactive_user'
      | 'account_locked'
      | 'email_not_verified',
    readonly occurredAt: Date,
  ) {}
}
