import type { OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import type { AuditRecord } from '../../../domain/entities/audit-record.entity.js';
import {
  AuditLogRepository,
  type AuditLogPage,
} from '../../../domain/ports/audit-log.repository.js';
import { AuditRecordMapper } from './audit-record.mapper.js';
import {
  AuditRecordSchema,
  AUDIT_LOG_TTL_INDEX,
  type AuditRecordDocument,
} from './audit-record.schema.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/** The audit trail in MongoDB: one insert per record, listed through `(occurredAt, _id)`. */
export class MongooseAuditLogRepository
  extends AuditLogRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = AuditRecordSchema;

  constructor(private readonly records: Model<AuditRecordDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.records, AUDIT_LOG_TTL_INDEX);
  }

  async append(record: AuditRecord): Promise<void> {
    await storageOperation(() =>
      this.records.create(AuditRecordMapper.toPersistence(record)),
    );
  }

  async list(page: AuditLogPage): Promise<AuditRecord[]> {
    const from = Math.max(0, Math.trunc(Number(page.skip)) || 0);
    const count = Math.trunc(Number(page.limit)) || 0;
    // MongoDB reads limit(0) as "no limit"; an empty page is what was asked for.
    if (count <= 0) return [];
    const docs = await storageOperation(() =>
      this.records
        .find({})
        .sort({ occurredAt: -1, _id: -1 })
        .skip(from)
        .limit(count)
        .lean<AuditRecordDocument[]>(),
    );
    return docs.map((doc) => AuditRecordMapper.toDomain(doc));
  }

  async count(): Promise<number> {
    return storageOperation(() => this.records.countDocuments({}));
  }
}
