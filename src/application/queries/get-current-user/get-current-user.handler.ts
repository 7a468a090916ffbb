import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { GetCurrentUserQuery } from './get-current-user.query.js';

/** Reads from storage so the profile is exact, not the cached token-validation view. */
@QueryHandler(GetCurrentUserQuery)
export class GetCurrentUserHandler implements IQueryHandler<GetCurrentUserQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: GetCurrentUserQuery): Promise<PublicUser> {
    const user = await this.users.findById(query.userId);
    if (user === null) throw new UserNotFoundError();
    return PublicUser.fromUser(user);
  }
}
