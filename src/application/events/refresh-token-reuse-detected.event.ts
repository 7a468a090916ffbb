import type { IEvent } from '@nestjs/cqrs';

/** An already-rotated refresh token was replayed; the session was revoked. */
export class RefreshTokenReuseDetectedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly occurredAt: Date,
  ) {}
}
