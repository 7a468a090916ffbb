import type { IEvent } from '@nestjs/cqrs';

/** A login passed the password check. */
export class LoginSucceededEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
  ) {}
}
