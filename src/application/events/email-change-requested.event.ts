import type { IEvent } from '@nestjs/cqrs';

/** A signed-in user asked to change their address; it changes once confirmed. Not audited. */
export class EmailChangeRequestedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
  ) {}
}
