import { Logger } from '@nestjs/common';
import type { Model } from 'mongoose';
import { describeError } from '../../../application/services/error-description.js';
import { storageOperation } from './storage-errors.js';

const logger = new Logger('Tokenward');

/**
 * Waits for a model's collection and declared indexes, then asks for a TTL index on `expiresAt`.
 * Servers that refuse TTL indexes (some MongoDB-compatible ones) only get a warning: every read
 * ignores expired documents by their `expiresAt` anyway, they just stay on disk longer.
 */
export async function initWithTtlIndex<T>(
  model: Model<T>,
  indexName: string,
): Promise<void> {
  await storageOperation(() => model.init());
  try {
    await model.collection.createIndex(
      { expiresAt: 1 },
      { name: indexName, expireAfterSeconds: 0 },
    );
  } catch (error) {
    logger.warn(
      `Could not create the TTL index on ${model.collection.collectionName}.expiresAt; ` +
        `expired documents will not be deleted automatically (${describeError(error)})`,
    );
  }
}
