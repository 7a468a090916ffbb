import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { GetCurrentUserQuery } from './get-current-user.query.js';

/** Reads from storage so the profile is exact, not the cached token-validation view. */
@QueryHandler(GetCurrentUserQuery)
export class GetCurrentUserHandler implements IQueryHandler<GetCurrentUserQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: GetCurrentUserQuery): Promise<PublicUser> {
    const user = await this.users.findById(query.userId);
    // Asked for the principal of a valid token: a token that names no user is no valid token.
    if (user === null) throw new InvalidTokenError();
    return PublicUser.fromUser(user);
  }
}
