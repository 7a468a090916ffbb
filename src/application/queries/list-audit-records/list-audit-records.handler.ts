import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { AuditLogRepository } from '../../../domain/ports/audit-log.repository.js';
import { AuditRecordPage } from '../../dtos/audit-record-page.dto.js';
import { ListAuditRecordsQuery } from './list-audit-records.query.js';

/** Largest page a caller may ask for. */
export const MAX_AUDIT_PAGE_SIZE = 100;
/** Deepest a caller may page: skipping costs the store a scan of what it skips. */
export const MAX_AUDIT_SKIP = 100_000;

/** Bounds are checked here too, so the query is safe from any caller, not only HTTP. */
@QueryHandler(ListAuditRecordsQuery)
export class ListAuditRecordsHandler implements IQueryHandler<ListAuditRecordsQuery> {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(query: ListAuditRecordsQuery): Promise<AuditRecordPage> {
    if (
      !Number.isInteger(query.skip) ||
      query.skip < 0 ||
      query.skip > MAX_AUDIT_SKIP
    ) {
      throw new ValidationError(
        `skip must be an integer from 0 to ${MAX_AUDIT_SKIP}`,
      );
    }
    if (
      !Number.isInteger(query.limit) ||
      query.limit < 1 ||
      query.limit > MAX_AUDIT_PAGE_SIZE
    ) {
      throw new ValidationError(
        `limit must be an integer from 1 to ${MAX_AUDIT_PAGE_SIZE}`,
      );
    }
    const [items, total] = await Promise.all([
      this.log.list({ skip: query.skip, limit: query.limit }),
      this.log.count(),
    ]);
    return new AuditRecordPage(items, query.skip, query.limit, total);
  }
}
