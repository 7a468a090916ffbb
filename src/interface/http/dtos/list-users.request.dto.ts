import { PageQuery } from '../decorators/page-query.decorator.js';

/** Query of `GET /auth/admin/users`. */
export class ListUsersRequestDto {
  @PageQuery.skip()
  skip = 0;

  @PageQuery.limit()
  limit = 20;
}
