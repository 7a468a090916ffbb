import { Logger } from '@nestjs/common';
import { trusted, type AnyBulkWriteOperation, type Model } from 'mongoose';
import { Username } from '../../../domain/value-objects/username.js';
import { storageOperation } from './storage-errors.js';
import type { UserDocument } from './user.schema.js';

const BATCH_SIZE = 500;
/** Ids named in the start-up warning; the rest are counted. */
const MAX_LOGGED_IDS = 20;
const logger = new Logger('Tokenward');

type Unkeyed = Pick<UserDocument, '_id' | 'username'>;

/**
 * Gives every stored user that has no `usernameKey` (documents written before look-alike
 * usernames collided, or since by an instance of an older version) its key, oldest account first
 * and in batches, so the unique index decides between look-alikes that were registered side by
 * side: the older account keeps its username, the newer ones keep theirs for display but are left
 * without a key — they still log in by email, their username finds the older account — and are
 * named (by id) in a warning. Idempotent and safe on several instances at once (each update is
 * conditioned on the key still being absent). Returns the ids left without a key.
 */
export async function backfillUsernameKeys(
  users: Model<UserDocument>,
): Promise<string[]> {
  const collided: string[] = [];
  let keyed = 0;
  await storageOperation(async () => {
    const cursor = users
      .find({ usernameKey: trusted({ $exists: false }) })
      .select({ _id: 1, username: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .lean<Unkeyed[]>()
      .cursor({ batchSize: BATCH_SIZE });
    let batch: Unkeyed[] = [];
    const flush = async () => {
      const left = await keyBatch(users, batch);
      collided.push(...left);
      keyed += batch.length - left.length;
      batch = [];
    };
    for await (const doc of cursor) {
      batch.push(doc as Unkeyed);
      if (batch.length === BATCH_SIZE) await flush();
    }
    if (batch.length > 0) await flush();
  });
  if (keyed > 0) logger.log(`Set the username key of ${keyed} stored users`);
  if (collided.length > 0) {
    const named = collided.slice(0, MAX_LOGGED_IDS).join(', ');
    const more =
      collided.length > MAX_LOGGED_IDS
        ? ` and ${collided.length - MAX_LOGGED_IDS} more`
        : '';
    logger.warn(
      `${collided.length} stored users have a username that looks like an older account's ` +
        `(registered before look-alikes collided): they keep it for display but log in by email ` +
        `only, as their username now finds the older account. Deactivate impersonations; ` +
        `ids: ${named}${more}`,
    );
  }
  return collided;
}

/**
 * Sets the keys of one batch in order; returns the ids whose key was taken. An ordered bulk write
 * stops at its first failure on MongoDB (mongo-java-server goes on): the rest is sent again, and
 * the `$exists: false` condition makes a second update of a keyed document a no-op.
 */
async function keyBatch(
  users: Model<UserDocument>,
  batch: readonly Unkeyed[],
): Promise<string[]> {
  const operations: AnyBulkWriteOperation<UserDocument>[] = batch.map(
    (doc) => ({
      updateOne: {
        filter: { _id: doc._id, usernameKey: trusted({ $exists: false }) },
        update: { $set: { usernameKey: Username.keyOf(doc.username) } },
      },
    }),
  );
  const collided: string[] = [];
  let from = 0;
  while (from < operations.length) {
    try {
      await users.bulkWrite(operations.slice(from), { ordered: true });
      return collided;
    } catch (error) {
      const first = firstDuplicateIndex(error);
      if (first === null) throw error;
      collided.push((batch[from + first] as Unkeyed)._id);
      from += first + 1;
    }
  }
  return collided;
}

/** Index of the first write a bulk write refused as a duplicate key, or null for any other failure. */
function firstDuplicateIndex(error: unknown): number | null {
  const reported = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const writeErrors = (
    Array.isArray(reported) ? reported : reported ? [reported] : []
  ) as Array<{ code?: unknown; index?: unknown }>;
  if (
    writeErrors.length === 0 ||
    !writeErrors.every((w) => w.code === 11000 && Number.isInteger(w.index))
  ) {
    return null;
  }
  return Math.min(...writeErrors.map((w) => w.index as number));
}
