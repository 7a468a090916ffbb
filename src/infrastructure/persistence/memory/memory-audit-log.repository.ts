import type { AuditRecord } from '../../../domain/entities/audit-record.entity.js';
import {
  AuditLogRepository,
  type AuditLogPage,
} from '../../../domain/ports/audit-log.repository.js';

/** Most records kept at once; the oldest are dropped beyond it (bounded memory). */
export const MAX_MEMORY_AUDIT_RECORDS = 100_000;

/**
 * Process-local audit log, kept oldest first (`occurredAt`, then `id`: the listing order reversed).
 * When a record is appended, the oldest records whose `expiresAt` is not after its `occurredAt`
 * are dropped (the appended record's time is "now": the store reads no clock), and beyond
 * `MAX_MEMORY_AUDIT_RECORDS` the oldest go first.
 */
export class MemoryAuditLogRepository extends AuditLogRepository {
  private readonly records: AuditRecord[] = [];

  async append(record: AuditRecord): Promise<void> {
    // Records nearly always arrive in time order: the search starts from the end.
    let index = this.records.length;
    while (index > 0 && before(record, this.records[index - 1]!)) index -= 1;
    this.records.splice(index, 0, record);
    this.dropExpired(record.occurredAt.getTime());
    if (this.records.length > MAX_MEMORY_AUDIT_RECORDS) {
      this.records.splice(0, this.records.length - MAX_MEMORY_AUDIT_RECORDS);
    }
  }

  async list(page: AuditLogPage): Promise<AuditRecord[]> {
    const from = Math.max(0, Math.trunc(page.skip) || 0);
    const count = Math.max(0, Math.trunc(page.limit) || 0);
    const end = this.records.length - from;
    const start = Math.max(0, end - count);
    return end <= 0 ? [] : this.records.slice(start, end).reverse();
  }

  async count(): Promise<number> {
    return this.records.length;
  }

  /** Drops the expired records at the old end (one retention period for all: they are there). */
  private dropExpired(now: number): void {
    let expired = 0;
    while (
      expired < this.records.length &&
      this.records[expired]!.expiresAt.getTime() <= now
    ) {
      expired += 1;
    }
    if (expired > 0) this.records.splice(0, expired);
  }
}

/** Whether `a` comes before `b` in time order (oldest first; ties by id). */
function before(a: AuditRecord, b: AuditRecord): boolean {
  const dt = a.occurredAt.getTime() - b.occurredAt.getTime();
  return dt < 0 || (dt === 0 && a.id < b.id);
}
