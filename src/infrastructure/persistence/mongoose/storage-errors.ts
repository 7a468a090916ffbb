import { mongo } from 'mongoose';
import { StorageUnavailableError } from '../../../domain/errors/storage-unavailable.error.js';

/** Driver errors meaning "the database cannot be reached right now", not "the request is wrong". */
const UNREACHABLE_ERRORS = [
  mongo.MongoNetworkError, // includes MongoNetworkTimeoutError and MongoPoolClearedError
  mongo.MongoServerSelectionError,
  mongo.MongoTopologyClosedError,
  mongo.MongoNotConnectedError,
  mongo.MongoClientClosedError,
  mongo.MongoServerClosedError,
  mongo.MongoOperationTimeoutError,
];

/** Names of the same failures as mongoose wraps them (it does not re-use the driver classes). */
const UNREACHABLE_NAMES = new Set(['MongooseServerSelectionError']);

const UNREACHABLE_MONGOOSE_MESSAGE =
  /buffering timed out|before initial connection is complete/;

/** Labels the driver puts on errors a failover or a dropped connection caused. */
const UNREACHABLE_LABELS = ['RetryableWriteError', 'ResetPool'];

/** True when `error` means MongoDB is unreachable (network, server selection, closed client, failover). */
export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNREACHABLE_ERRORS.some((type) => error instanceof type)) return true;
  if (UNREACHABLE_NAMES.has(error.name)) return true;
  // mongoose queues commands while disconnected and gives up with a plain MongooseError; with
  // `bufferCommands: false` it refuses them at once, with another.
  if (
    error.name === 'MongooseError' &&
    UNREACHABLE_MONGOOSE_MESSAGE.test(error.message)
  ) {
    return true;
  }
  return (
    error instanceof mongo.MongoError &&
    UNREACHABLE_LABELS.some((label) =>
      (error as mongo.MongoError).hasErrorLabel(label),
    )
  );
}

/** True for a unique-index violation (E11000), from an insert or an update alike. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/**
 * Runs one storage operation, turning "MongoDB unreachable" failures into the domain's
 * `StorageUnavailableError` (answered with 503 at the HTTP edge); any other error is rethrown as is.
 */
export async function storageOperation<T>(
  operation: () => PromiseLike<T>,
): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isStorageUnavailable(error)) {
      throw new StorageUnavailableError(undefined, { cause: error });
    }
    throw error;
  }
}
