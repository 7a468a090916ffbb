import type { IEvent } from '@nestjs/cqrs';

/** Every session of a user was revoked and the user's token version bumped. */
export class AllSessionsRevokedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly revokedSessions: number,
    readonly reason: string,
    readonly occurredAt: Date,
  ) {}
}
