import type { IEvent } from '@nestjs/cqrs';

/** A new session was opened and its first token pair issued. */
export class TokensIssuedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly occurredAt: Date,
  ) {}
}
