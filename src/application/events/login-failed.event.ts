import type { IEvent } from '@nestjs/cqrs';

/** A login was refused. `identifier` is what was typed as username/email; never the password. */
export class LoginFailedEvent implements IEvent {
  constructor(
    readonly identifier: string,
    readonly reason: 'unknown_user' | 'wrong_password' | 'inactive_user',
    readonly occurredAt: Date,
  ) {}
}
