import { Command } from '@nestjs/cqrs';
import type { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';

/** Checks a password login. `identifier` is a username or an email address. */
export class AuthenticateUserCommand extends Command<AuthenticatedUser> {
  constructor(
    public readonly identifier: string,
    public readonly password: string,
  ) {
    super();
  }
}
