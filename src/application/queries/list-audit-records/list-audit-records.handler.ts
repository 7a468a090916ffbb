import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditLogRepository } from '../../../domain/ports/audit-log.repository.js';
import { AuditRecordPage } from '../../dtos/audit-record-page.dto.js';
import { assertPageBounds } from '../page-bounds.js';
import { ListAuditRecordsQuery } from './list-audit-records.query.js';

/** Largest page a caller may ask for. */
export const MAX_AUDIT_PAGE_SIZE = 100;
/** Deepest a caller may page: skipping costs the store a scan of what it skips. */
export const MAX_AUDIT_SKIP = 100_000;

/** A page of the audit trail; its bounds are checked here, whoever the caller. */
@QueryHandler(ListAuditRecordsQuery)
export class ListAuditRecordsHandler implements IQueryHandler<ListAuditRecordsQuery> {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(query: ListAuditRecordsQuery): Promise<AuditRecordPage> {
    assertPageBounds(query, {
      maxSkip: MAX_AUDIT_SKIP,
      maxLimit: MAX_AUDIT_PAGE_SIZE,
    });
    const [items, total] = await Promise.all([
      this.log.list({ skip: query.skip, limit: query.limit }),
      this.log.count(),
    ]);
    return new AuditRecordPage(items, query.skip, query.limit, total);
  }
}
