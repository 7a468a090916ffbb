import type { IEvent } from '@nestjs/cqrs';

/** A confidential client obtained a client-credentials access token. */
export class ClientTokenIssuedEvent implements IEvent {
  constructor(
    readonly clientId: string,
    readonly scopes: readonly string[],
    readonly occurredAt: Date,
  ) {}
}
