import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { Email } from '../../../domain/value-objects/email.js';
import { Username } from '../../../domain/value-objects/username.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { FindUserQuery } from './find-user.query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id first, then an email (it has an `@`), else a username (by its look-alike key). */
@QueryHandler(FindUserQuery)
export class FindUserHandler implements IQueryHandler<FindUserQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: FindUserQuery): Promise<PublicUser | null> {
    const identifier = query.identifier.trim();
    const user = UUID.test(identifier)
      ? await this.users.findById(identifier.toLowerCase())
      : Email.looksLikeEmail(identifier)
        ? await this.users.findByEmail(Email.normalize(identifier))
        : await this.users.findByUsername(Username.keyOf(identifier));
    return user === null ? null : PublicUser.fromUser(user);
  }
}
