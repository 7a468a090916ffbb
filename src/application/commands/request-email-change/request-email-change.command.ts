import { Command } from '@nestjs/cqrs';

/**
 * A signed-in user asks to change their address, confirming with their password: a confirmation
 * mail goes to the new address, a notice to the old one; it changes once confirmed.
 */
export class RequestEmailChangeCommand extends Command<void> {
  constructor(
    public readonly userId: string,
    public readonly newEmail: string,
    public readonly password: string,
  ) {
    super();
  }
}
