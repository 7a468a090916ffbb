import type { IEvent } from '@nestjs/cqrs';

/** A refresh token was rotated and a new pair issued. */
export class TokensRefreshedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly occurredAt: Date,
  ) {}
}
