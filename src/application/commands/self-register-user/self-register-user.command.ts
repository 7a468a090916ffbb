import { Command } from '@nestjs/cqrs';
import type { SelfRegistration } from '../../dtos/self-registration.dto.js';

/** `POST /auth/register`: an account of the default roles and a verification mail. */
export class SelfRegisterUserCommand extends Command<SelfRegistration> {
  constructor(
    public readonly username: string,
    public readonly email: string,
    public readonly password: string,
  ) {
    super();
  }
}
