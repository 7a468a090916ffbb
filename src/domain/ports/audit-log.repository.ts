import type { AuditRecord } from '../entities/audit-record.entity.js';

/** A page of the audit log. */
export interface AuditLogPage {
  readonly skip: number;
  readonly limit: number;
}

/**
 * Port: the persisted audit trail, append-only. Listing is newest first: by `occurredAt`
 * descending, then by `id` descending, a total order so that pages never overlap or skip a record.
 * A record may be deleted once its `expiresAt` has passed (retention); until then it is kept.
 */
export abstract class AuditLogRepository {
  /** Stores a record; its id is new (appending one id twice is a programming error). */
  abstract append(record: AuditRecord): Promise<void>;
  /** Records newest first; an empty array for `limit` 0 or a `skip` past the end. */
  abstract list(page: AuditLogPage): Promise<AuditRecord[]>;
  /** How many records are stored. */
  abstract count(): Promise<number>;
}
