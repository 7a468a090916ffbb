import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { UserPage } from '../../dtos/user-page.dto.js';
import { assertPageBounds } from '../page-bounds.js';
import { ListActiveUsersQuery } from './list-active-users.query.js';

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** A page of active users; its bounds are checked here, whoever the caller. */
@QueryHandler(ListActiveUsersQuery)
export class ListActiveUsersHandler implements IQueryHandler<ListActiveUsersQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute(query: ListActiveUsersQuery): Promise<UserPage> {
    assertPageBounds(query, { maxLimit: MAX_PAGE_SIZE });
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
