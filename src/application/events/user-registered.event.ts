import type { IEvent } from '@nestjs/cqrs';

/** A new account was created. */
export class UserRegisteredEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly occurredAt: Date,
  ) {}
}
