import type { OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { trusted, type Model } from 'mongoose';
import {
  RevocationChangeRepository,
  type RevocationChange,
} from '../../../domain/ports/revocation-change.repository.js';
import { asDate, asText } from './query-safety.js';
import {
  RevocationChangeSchema,
  REVOCATION_CHANGE_TTL_INDEX,
  type RevocationChangeDocument,
} from './revocation-change.schema.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/** How long entries are kept: past the farthest a poll looks back (24 h + tolerances), with margin. */
const RETENTION_MS = 25 * 60 * 60 * 1000;

/**
 * The revocation change log in MongoDB: one small insert per change, and polls that read the
 * entries recorded since their last one (`recordedAt` index). The collection holds the changes of
 * the last 25 hours (TTL index), so a poll's cost follows the changes, not the users — also on
 * servers that scan for range queries, because the scanned collection is this small one.
 */
export class MongooseRevocationChangeRepository
  extends RevocationChangeRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = RevocationChangeSchema;

  constructor(private readonly changes: Model<RevocationChangeDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.changes, REVOCATION_CHANGE_TTL_INDEX);
  }

  async record(change: RevocationChange): Promise<void> {
    const recordedAt = asDate(change.recordedAt);
    await storageOperation(() =>
      this.changes.create({
        _id: randomUUID(),
        kind: asText(change.kind) as RevocationChange['kind'],
        subjectId: asText(change.subjectId),
        changedAt: asDate(change.changedAt),
        recordedAt,
        expiresAt: new Date(recordedAt.getTime() + RETENTION_MS),
      }),
    );
  }

  async findSince(since: Date): Promise<RevocationChange[]> {
    const docs = await storageOperation(() =>
      this.changes
        .find({ recordedAt: trusted({ $gt: asDate(since) }) })
        .sort({ recordedAt: 1, _id: 1 })
        .lean<RevocationChangeDocument[]>(),
    );
    return docs.map((doc) => ({
      kind: doc.kind,
      subjectId: doc.subjectId,
      changedAt: doc.changedAt,
      recordedAt: doc.recordedAt,
    }));
  }
}
