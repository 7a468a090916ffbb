import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model } from 'mongoose';
import { SsfEvent } from '../../../domain/entities/ssf-event.entity.js';
import {
  SsfEventRepository,
  type SsfPollResult,
} from '../../../domain/ports/ssf-event.repository.js';
import { asDate, asText } from './query-safety.js';
import {
  SsfEventSchema,
  SSF_EVENT_TTL_INDEX,
  type SsfEventDocument,
} from './ssf-event.schema.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/**
 * Undelivered SETs in MongoDB: written before the domain event's handler returns, read by any
 * instance's poll, deleted on acknowledgement, so a restart loses none.
 */
export class MongooseSsfEventRepository
  extends SsfEventRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = SsfEventSchema;

  constructor(private readonly events: Model<SsfEventDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.events, SSF_EVENT_TTL_INDEX);
  }

  async enqueue(event: SsfEvent): Promise<void> {
    const doc: SsfEventDocument = {
      _id: eventId(event.streamId, event.jti),
      streamId: event.streamId,
      jti: event.jti,
      set: event.set,
      createdAt: event.createdAt,
      expiresAt: event.expiresAt,
    };
    await storageOperation(() =>
      this.events.replaceOne({ _id: doc._id }, doc, { upsert: true }),
    );
  }

  async poll(
    streamId: string,
    maxEvents: number,
    now: Date,
  ): Promise<SsfPollResult> {
    const docs = await storageOperation(() =>
      this.events
        .find({
          streamId: asText(streamId),
          expiresAt: trusted({ $gt: asDate(now) }),
        })
        .sort({ createdAt: 1, jti: 1 })
        .limit(maxEvents + 1)
        .lean<SsfEventDocument[]>(),
    );
    return {
      events: docs.slice(0, maxEvents).map(
        (d) =>
          new SsfEvent({
            jti: d.jti,
            streamId: d.streamId,
            set: d.set,
            createdAt: d.createdAt,
            expiresAt: d.expiresAt,
          }),
      ),
      moreAvailable: docs.length > maxEvents,
    };
  }

  async acknowledge(streamId: string, jtis: readonly string[]): Promise<void> {
    if (jtis.length === 0) return;
    const ids = jtis.map((jti) => eventId(streamId, jti));
    await storageOperation(() =>
      this.events.deleteMany({ _id: trusted({ $in: ids }) }),
    );
  }

  async removeStream(streamId: string): Promise<void> {
    await storageOperation(() =>
      this.events.deleteMany({ streamId: asText(streamId) }),
    );
  }
}

/** A SET's `_id`: `<streamId>:<jti>`, so an acknowledgement can only delete its own stream's SETs. */
function eventId(streamId: string, jti: string): string {
  return `${asText(streamId)}:${asText(jti)}`;
}
