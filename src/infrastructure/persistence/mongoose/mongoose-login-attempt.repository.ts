import type { OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  LoginAttemptRepository,
  type AttemptCount,
  type AttemptReservation,
  type LockoutPolicy,
} from '../../../domain/ports/login-attempt.repository.js';
import { asDate, asText } from './query-safety.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';
import { counterState, takeCount } from './windowed-counter.js';
import {
  WindowedCounterSchema,
  LOGIN_ATTEMPT_TTL_INDEX,
  type WindowedCounterDocument,
} from './windowed-counter.schema.js';

/**
 * Attempt counters shared by every instance: one document per key, whose reservation is a
 * conditional `$inc` (see `takeCount`), so parallel requests on any number of instances never
 * take more than `maxFailures` attempts in a window.
 */
export class MongooseLoginAttemptRepository
  extends LoginAttemptRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = WindowedCounterSchema;

  constructor(private readonly attempts: Model<WindowedCounterDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.attempts, LOGIN_ATTEMPT_TTL_INDEX);
  }

  async reserve(
    key: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<AttemptReservation> {
    const taken = await takeCount(this.attempts, asText(key), asDate(now), {
      limit: policy.maxFailures,
      windowMs: policy.windowMs,
      lockMs: policy.lockMs,
      lockOn: 'filled',
    });
    return taken.granted
      ? { granted: true }
      : { granted: false, lockedUntil: taken.lockedUntil };
  }

  async peek(key: string, now: Date): Promise<AttemptCount> {
    const document = await storageOperation(() =>
      this.attempts.findById(asText(key)).lean<WindowedCounterDocument>(),
    );
    const { count, lockedUntil } = counterState(document, asDate(now));
    return { attempts: count, lockedUntil };
  }

  async clear(key: string): Promise<void> {
    await storageOperation(() => this.attempts.deleteOne({ _id: asText(key) }));
  }
}
