import { Command } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/**
 * Creates an account, without mail. `roles` defaults to the configured default roles;
 * `emailVerified` (default false) vouches for the address (an admin or an import).
 */
export class RegisterUserCommand extends Command<PublicUser> {
  constructor(
    public readonly username: string,
    public readonly email: string,
    public readonly password: string,
    public readonly roles?: readonly string[],
    public readonly emailVerified: boolean = false,
  ) {
    super();
  }
}
