import type { IEvent } from '@nestjs/cqrs';

/** The global token version was rotated. */
export class GlobalTokenRotatedEvent implements IEvent {
  constructor(
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly graceEndsAt: Date,
    readonly reason: string | null,
    readonly rotatedBy: string | null,
    readonly occurredAt: Date,
  ) {}
}
