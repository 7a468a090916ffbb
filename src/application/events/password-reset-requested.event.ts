import type { IEvent } from '@nestjs/cqrs';

/**
 * Someone asked for a reset mail for an address (`POST /auth/password/forgot`). Published alike
 * whether or not an account has the address, which it therefore does not tell; not audited.
 */
export class PasswordResetRequestedEvent implements IEvent {
  constructor(
    /** The address as typed, normalised. */
    readonly email: string,
    readonly occurredAt: Date,
  ) {}
}
