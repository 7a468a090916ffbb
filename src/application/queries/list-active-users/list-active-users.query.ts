import { Query } from '@nestjs/cqrs';
import type { UserPage } from '../../dtos/user-page.dto.js';

/** A page of active users, oldest first. */
export class ListActiveUsersQuery extends Query<UserPage> {
  constructor(
    public readonly skip: number,
    public readonly limit: number,
  ) {
    super();
  }
}
