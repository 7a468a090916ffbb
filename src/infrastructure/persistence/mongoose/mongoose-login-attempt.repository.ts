import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  LoginAttemptRepository,
  type LockoutPolicy,
} from '../../../domain/ports/login-attempt.repository.js';
import {
  LOGIN_ATTEMPT_TTL_INDEX,
  type LoginAttemptDocument,
} from './login-attempt.schema.js';
import { TOKENWARD_LOGIN_ATTEMPT_MODEL } from './mongoose-persistence.options.js';
import { asDate, asText } from './query-safety.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/**
 * Failed-login counters shared by every instance. Counting uses fixed windows so that a failure
 * is one atomic `$inc` on one document (no read-modify-write); a lock is one `$max` on another.
 */
@Injectable()
export class MongooseLoginAttemptRepository
  extends LoginAttemptRepository
  implements OnModuleInit
{
  constructor(
    @Inject(TOKENWARD_LOGIN_ATTEMPT_MODEL)
    private readonly attempts: Model<LoginAttemptDocument>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.attempts, LOGIN_ATTEMPT_TTL_INDEX);
  }

  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const lock = await storageOperation(() =>
      this.attempts.findById(lockId(key)).lean<LoginAttemptDocument>(),
    );
    const until = lock?.lockedUntil ?? null;
    return until !== null && until.getTime() > now.getTime() ? until : null;
  }

  async recordFailure(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<Date | null> {
    const at = asDate(now).getTime();
    const window = Math.floor(at / policy.windowMs);
    const failures = await this.increment(
      `${asText(key)}:w${window}`,
      asText(key),
      new Date((window + 1) * policy.windowMs),
    );
    if (failures < policy.maxFailures) return null;
    const until = new Date(at + policy.lockMs);
    await this.upsert(() =>
      this.attempts.updateOne(
        { _id: lockId(key) },
        {
          $max: { lockedUntil: until, expiresAt: until },
          $setOnInsert: { key: asText(key), failures: 0 },
        },
        { upsert: true },
      ),
    );
    return until;
  }

  async clear(key: string): Promise<void> {
    await storageOperation(() =>
      this.attempts.deleteMany({ key: asText(key) }),
    );
  }

  /** One atomic `$inc`; returns the count including this failure. */
  private async increment(
    id: string,
    key: string,
    expiresAt: Date,
  ): Promise<number> {
    const before = await this.upsert(() =>
      this.attempts
        .findOneAndUpdate(
          { _id: id },
          {
            $inc: { failures: 1 },
            $setOnInsert: { key, lockedUntil: null, expiresAt },
          },
          // The copy taken under the document lock (see MongooseUserRepository).
          { upsert: true, returnDocument: 'before' },
        )
        .lean<LoginAttemptDocument>(),
    );
    return (before?.failures ?? 0) + 1;
  }

  // Two upserts of a missing document can race to insert it; the loser's duplicate key means it
  // now exists, so the same update, retried once, applies to it.
  private async upsert<T>(operation: () => PromiseLike<T>): Promise<T> {
    try {
      return await storageOperation(operation);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return storageOperation(operation);
    }
  }
}

function lockId(key: string): string {
  return `${asText(key)}:lock`;
}
