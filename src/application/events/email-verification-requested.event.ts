import type { IEvent } from '@nestjs/cqrs';

/** A verification mail was queued for a user (registration, resend, unverified login). Not audited. */
export class EmailVerificationRequestedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly occurredAt: Date,
  ) {}
}
