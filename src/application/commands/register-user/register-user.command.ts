import { Command } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/** Creates an account. `roles` defaults to the configured default roles. */
export class RegisterUserCommand extends Command<PublicUser> {
  constructor(
    public readonly username: string,
    public readonly email: string,
    public readonly password: string,
    public readonly roles?: readonly string[],
  ) {
    super();
  }
}
