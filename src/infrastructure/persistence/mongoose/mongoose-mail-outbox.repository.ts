import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model } from 'mongoose';
import { MailIntent } from '../../../domain/entities/mail-intent.entity.js';
import { MailOutboxRepository } from '../../../domain/ports/mail-outbox.repository.js';
import { MailIntentMapper } from './mail-intent.mapper.js';
import {
  MailIntentSchema,
  type MailIntentDocument,
} from './mail-intent.schema.js';
import { asDate, asText } from './query-safety.js';
import { storageOperation } from './storage-errors.js';

/**
 * The outbox in MongoDB. A claim is one `findOneAndUpdate` on the due mail (`nextAttemptAt <=
 * now`) that moves `nextAttemptAt` to the lease's end: the server applies it once, so two senders
 * never claim one mail, and a sender that dies leaves it to come due again.
 */
export class MongooseMailOutboxRepository
  extends MailOutboxRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = MailIntentSchema;

  constructor(private readonly intents: Model<MailIntentDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await storageOperation(() => this.intents.init());
  }

  async enqueue(intent: MailIntent): Promise<void> {
    await storageOperation(() =>
      this.intents.create(MailIntentMapper.toPersistence(intent)),
    );
  }

  async claimNext(now: Date, leaseUntil: Date): Promise<MailIntent | null> {
    const until = asDate(leaseUntil);
    // 'before' for the reason given in MongooseUserRepository: the claimed state is derived.
    const before = await storageOperation(() =>
      this.intents
        .findOneAndUpdate(
          { nextAttemptAt: trusted({ $lte: asDate(now) }) },
          { $set: { nextAttemptAt: until }, $inc: { attempts: 1 } },
          { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'before' },
        )
        .lean<MailIntentDocument>(),
    );
    if (before === null) return null;
    return MailIntentMapper.toDomain({
      ...before,
      nextAttemptAt: until,
      attempts: before.attempts + 1,
    });
  }

  async remove(id: string): Promise<void> {
    await storageOperation(() => this.intents.deleteOne({ _id: asText(id) }));
  }

  async reschedule(id: string, nextAttemptAt: Date): Promise<void> {
    await storageOperation(() =>
      this.intents.updateOne(
        { _id: asText(id) },
        { $set: { nextAttemptAt: asDate(nextAttemptAt) } },
      ),
    );
  }
}
