import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model } from 'mongoose';
import { SsfStream } from '../../../domain/entities/ssf-stream.entity.js';
import { SsfStreamRepository } from '../../../domain/ports/ssf-stream.repository.js';
import { asDate, asText } from './query-safety.js';
import {
  SsfStreamSchema,
  SSF_STREAM_TTL_INDEX,
  type SsfStreamDocument,
} from './ssf-stream.schema.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/** SSF streams in MongoDB, shared by every instance; expiry by `expiresAt`, TTL index cleans up. */
export class MongooseSsfStreamRepository
  extends SsfStreamRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = SsfStreamSchema;

  constructor(private readonly streams: Model<SsfStreamDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.streams, SSF_STREAM_TTL_INDEX);
  }

  async save(stream: SsfStream): Promise<void> {
    const doc: SsfStreamDocument = {
      _id: stream.id,
      clientId: stream.clientId,
      eventsRequested: [...stream.eventsRequested],
      status: stream.status,
      statusReason: stream.statusReason,
      description: stream.description,
      createdAt: stream.createdAt,
      expiresAt: stream.expiresAt,
    };
    await storageOperation(() =>
      this.streams.replaceOne({ _id: asText(stream.id) }, doc, {
        upsert: true,
      }),
    );
  }

  async findById(id: string, now: Date): Promise<SsfStream | null> {
    const doc = await storageOperation(() =>
      this.streams
        .findOne({ _id: asText(id), ...liveAt(now) })
        .lean<SsfStreamDocument>(),
    );
    return doc === null ? null : toDomain(doc);
  }

  async findByClient(clientId: string, now: Date): Promise<SsfStream[]> {
    return this.find({ clientId: asText(clientId), ...liveAt(now) });
  }

  async findLive(now: Date): Promise<SsfStream[]> {
    return this.find(liveAt(now));
  }

  async remove(id: string): Promise<void> {
    await storageOperation(() => this.streams.deleteOne({ _id: asText(id) }));
  }

  private async find(filter: Record<string, unknown>): Promise<SsfStream[]> {
    const docs = await storageOperation(() =>
      this.streams
        .find(filter)
        .sort({ createdAt: 1, _id: 1 })
        .lean<SsfStreamDocument[]>(),
    );
    return docs.map(toDomain);
  }
}

/** The filter of a stream not yet expired at `now`. */
function liveAt(now: Date): Record<string, unknown> {
  return { expiresAt: trusted({ $gt: asDate(now) }) };
}

function toDomain(doc: SsfStreamDocument): SsfStream {
  return new SsfStream({
    id: doc._id,
    clientId: doc.clientId,
    eventsRequested: doc.eventsRequested,
    status: doc.status,
    statusReason: doc.statusReason ?? null,
    description: doc.description ?? null,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  });
}
