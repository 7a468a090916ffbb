import { PageQuery } from '../decorators/page-query.decorator.js';

/** Query of `GET /auth/admin/audit`. */
export class ListAuditRecordsRequestDto {
  @PageQuery.skip(100_000)
  skip = 0;

  @PageQuery.limit()
  limit = 20;
}
