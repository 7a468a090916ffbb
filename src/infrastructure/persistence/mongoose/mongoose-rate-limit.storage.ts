import type { OnModuleInit } from '@nestjs/common';
import type { Model } from 'mongoose';
import {
  RateLimitStorage,
  type RateLimitRecord,
} from '../../../domain/ports/rate-limit-storage.js';
import { asDate, asText } from './query-safety.js';
import { initWithTtlIndex } from './ttl-index.js';
import { takeCount } from './windowed-counter.js';
import {
  WindowedCounterSchema,
  RATE_LIMIT_TTL_INDEX,
  type WindowedCounterDocument,
} from './windowed-counter.schema.js';

/**
 * Rate-limit counters shared by every instance (the default with `storage: 'mongoose'`): one
 * document per throttler and key, a fixed window from its first request, counted with a
 * conditional `$inc` (see `takeCount`). The request past the limit blocks the key for
 * `blockDuration`.
 */
export class MongooseRateLimitStorage
  extends RateLimitStorage
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = WindowedCounterSchema;

  constructor(private readonly counters: Model<WindowedCounterDocument>) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.counters, RATE_LIMIT_TTL_INDEX);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    now: Date = new Date(),
  ): Promise<RateLimitRecord> {
    const at = asDate(now);
    const taken = await takeCount(
      this.counters,
      `${asText(throttlerName)}:${asText(key)}`,
      at,
      { limit, windowMs: ttl, lockMs: blockDuration, lockOn: 'exceeded' },
    );
    const timeToExpire = secondsUntil(taken.windowEndsAt, at);
    return taken.granted
      ? {
          totalHits: taken.count,
          timeToExpire,
          isBlocked: false,
          timeToBlockExpire: 0,
        }
      : {
          totalHits: taken.count,
          timeToExpire,
          isBlocked: true,
          timeToBlockExpire: secondsUntil(taken.lockedUntil, at),
        };
  }
}

function secondsUntil(end: Date, now: Date): number {
  return Math.max(0, Math.ceil((end.getTime() - now.getTime()) / 1000));
}
