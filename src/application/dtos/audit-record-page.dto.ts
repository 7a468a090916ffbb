import type { AuditRecord } from '../../domain/entities/audit-record.entity.js';

/** One page of the audit trail, newest first. */
export class AuditRecordPage {
  constructor(
    readonly items: readonly AuditRecord[],
    readonly skip: number,
    readonly limit: number,
    readonly total: number,
  ) {}
}
