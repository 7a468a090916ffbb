import type { IEvent } from '@nestjs/cqrs';

/** One session was revoked (logout or admin). */
export class SessionRevokedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly reason: string,
    readonly occurredAt: Date,
  ) {}
}
