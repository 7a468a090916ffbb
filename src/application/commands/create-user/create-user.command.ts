import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/**
 * An admin creates an account, its address verified: with `password`, ready to log in; without,
 * an invitation mail with a set-password link.
 */
export class CreateUserCommand extends Command<PublicUser> {
  constructor(
    public readonly username: string,
    public readonly email: string,
    public readonly roles?: readonly string[],
    public readonly password?: string,
    /** Who creates it (the admin; none from a host's own code), in which request. */
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
