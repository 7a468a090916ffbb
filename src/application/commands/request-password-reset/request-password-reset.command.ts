import { Command } from '@nestjs/cqrs';

/** Forgot password: a reset mail to `email` if an active account has it; the same answer either way. */
export class RequestPasswordResetCommand extends Command<void> {
  constructor(public readonly email: string) {
    super();
  }
}
