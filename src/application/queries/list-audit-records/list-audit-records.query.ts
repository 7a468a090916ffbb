import { Query } from '@nestjs/cqrs';
import type { AuditRecordPage } from '../../dtos/audit-record-page.dto.js';

/** A page of the audit trail (rotations, status changes, reuse detections, ...), newest first. */
export class ListAuditRecordsQuery extends Query<AuditRecordPage> {
  constructor(
    public readonly skip: number,
    public readonly limit: number,
  ) {
    super();
  }
}
