import type { IEvent } from '@nestjs/cqrs';

/** One user's token version was rotated. */
export class UserTokenRotatedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
  ) {}
}
