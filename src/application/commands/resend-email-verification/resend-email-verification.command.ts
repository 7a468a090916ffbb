import { Command } from '@nestjs/cqrs';

/** Queues a new verification mail for a signed-in user whose address is not verified yet. */
export class ResendEmailVerificationCommand extends Command<void> {
  constructor(public readonly userId: string) {
    super();
  }
}
