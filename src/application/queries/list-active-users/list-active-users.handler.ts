import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { UserPage } from '../../dtos/user-page.dto.js';
import { ListActiveUsersQuery } from './list-active-users.query.js';

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** Bounds are checked here too, so the query is safe from any caller, not only HTTP. */
@QueryHandler(ListActiveUsersQuery)
export class ListActiveUsersHandler implements IQueryHandler<ListActiveUsersQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: ListActiveUsersQuery): Promise<UserPage> {
    if (!Number.isInteger(query.skip) || query.skip < 0) {
      throw new ValidationError('skip must be a non-negative integer');
    }
    if (
      !Number.isInteger(query.limit) ||
      query.limit < 1 ||
      query.limit > MAX_PAGE_SIZE
    ) {
      throw new ValidationError(
        `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`,
      );
    }
    const [users, total] = await Promise.all([
      this.users.listActive(query.skip, query.limit),
      this.users.countActive(),
    ]);
    return new UserPage(
      users.map(PublicUser.fromUser),
      query.skip,
      query.limit,
      total,
    );
  }
}
