import type { IEvent } from '@nestjs/cqrs';

/** An admin changed a user's active flag or roles. */
export class UserStatusChangedEvent implements IEvent {
  constructor(
    readonly userId: string,
    readonly isActive: boolean,
    readonly roles: readonly string[],
    readonly changedBy: string | null,
    readonly occurredAt: Date,
  ) {}
}
