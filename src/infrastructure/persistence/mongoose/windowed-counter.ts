import { trusted, type Model } from 'mongoose';
import type { WindowedCounterDocument } from './windowed-counter.schema.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';

/** How a counter grants, and when it locks. */
export interface CounterRule {
  /** Counts granted per window. */
  readonly limit: number;
  /** Length of a window, from its first count, in ms. */
  readonly windowMs: number;
  /** Length of a lock, in ms; with `exceeded`, 0 refuses until the window ends instead. */
  readonly lockMs: number;
  /**
   * `filled` (a lockout): the count that reaches `limit` is granted and locks the key;
   * `exceeded` (a rate limit): the first count refused locks it.
   */
  readonly lockOn: 'filled' | 'exceeded';
}

/** The outcome of one `takeCount`. */
export type CounterTake =
  | {
      readonly granted: true;
      readonly count: number;
      readonly windowEndsAt: Date;
    }
  | {
      readonly granted: false;
      readonly count: number;
      readonly windowEndsAt: Date;
      readonly lockedUntil: Date;
    };

/** `lockedUntil` of a window without a lock. */
const NOT_LOCKED = new Date(0);

/**
 * Rounds before giving up on a key whose document changes under every attempt. Each round ends
 * with a conditional write that another request won, so reaching this takes a storm of writes on
 * one key; the answer is then a refusal, never a grant.
 */
const MAX_ROUNDS = 8;

/**
 * Takes one count on the counter document `id`, atomically across every instance, without
 * transactions and without relying on TTL expiry (the test server does not enforce it; real
 * servers do so only once a minute): each step is one conditional single-document write, and a
 * step whose condition no longer holds is retried on a fresh read.
 *
 * The common case is one round trip: a `$inc` conditioned on an open, unlocked window below the
 * limit, upserting the document when there is none. Its duplicate-key error means the document
 * exists in another state (full, locked or over); it is read, then reset, locked or refused.
 */
export async function takeCount(
  model: Model<WindowedCounterDocument>,
  id: string,
  now: Date,
  rule: CounterRule,
): Promise<CounterTake> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const taken = await takeInOpenWindow(model, id, now, rule);
    if (taken !== null) return taken;
    const current = await storageOperation(() =>
      model.findById(id).lean<WindowedCounterDocument>(),
    );
    // Null: cleared between the two steps; the next round starts a window.
    if (current === null) continue;
    const settled = await settle(model, current, now, rule);
    if (settled !== null) return settled;
  }
  return {
    granted: false,
    count: rule.limit,
    windowEndsAt: now,
    lockedUntil: new Date(now.getTime() + 1000),
  };
}

/** What a counter document says at `now` (nothing once its window and its lock are over). */
export function counterState(
  document: WindowedCounterDocument | null,
  now: Date,
): { count: number; lockedUntil: Date | null } {
  if (document === null || isOver(document, now.getTime())) {
    return { count: 0, lockedUntil: null };
  }
  const locked = document.lockedUntil.getTime() > now.getTime();
  return {
    count: document.count,
    lockedUntil: locked ? document.lockedUntil : null,
  };
}

async function takeInOpenWindow(
  model: Model<WindowedCounterDocument>,
  id: string,
  now: Date,
  rule: CounterRule,
): Promise<CounterTake | null> {
  const below = countsBeforeLock(rule);
  const fresh = freshWindow(now, rule);
  try {
    const before = await storageOperation(() =>
      model
        .findOneAndUpdate(
          {
            _id: id,
            windowEndsAt: trusted({ $gt: now }),
            lockedUntil: trusted({ $lte: now }),
            count: trusted({ $lt: below }),
          },
          {
            $inc: { count: 1 },
            $setOnInsert: {
              windowEndsAt: fresh.windowEndsAt,
              lockedUntil: fresh.lockedUntil,
              expiresAt: fresh.expiresAt,
            },
          },
          // The copy taken under the document lock (see MongooseUserRepository).
          { upsert: true, returnDocument: 'before' },
        )
        .lean<WindowedCounterDocument>(),
    );
    return before === null
      ? { granted: true, count: 1, windowEndsAt: fresh.windowEndsAt }
      : {
          granted: true,
          count: before.count + 1,
          windowEndsAt: before.windowEndsAt,
        };
  } catch (error) {
    // The filter missed an existing document (or lost an insert race): see what it holds.
    if (isDuplicateKeyError(error)) return null;
    throw error;
  }
}

/** Resets, locks or refuses a document the open-window step missed; null when it changed meanwhile. */
async function settle(
  model: Model<WindowedCounterDocument>,
  current: WindowedCounterDocument,
  now: Date,
  rule: CounterRule,
): Promise<CounterTake | null> {
  const at = now.getTime();
  const refused = (lockedUntil: Date): CounterTake => ({
    granted: false,
    count: current.count,
    windowEndsAt: current.windowEndsAt,
    lockedUntil,
  });
  if (current.lockedUntil.getTime() > at) return refused(current.lockedUntil);
  // Both conditions name this window: a write that matches nothing lost to another request.
  const sameWindow = {
    _id: current._id,
    windowEndsAt: current.windowEndsAt,
    lockedUntil: current.lockedUntil,
  };
  if (isOver(current, at)) {
    const fresh = freshWindow(now, rule);
    const reset = await storageOperation(() =>
      model.updateOne(sameWindow, { $set: { count: 1, ...fresh } }),
    );
    return reset.matchedCount === 1
      ? { granted: true, count: 1, windowEndsAt: fresh.windowEndsAt }
      : null;
  }
  // Below the limit: the open-window step lost an insert race only, and is retried.
  if (current.count < countsBeforeLock(rule)) return null;
  // An open, unlocked window at (or, after a lowered limit, past) its last count.
  if (rule.lockOn === 'exceeded' && rule.lockMs <= 0) {
    return refused(current.windowEndsAt);
  }
  const lockedUntil = new Date(at + rule.lockMs);
  const locked = await storageOperation(() =>
    model.updateOne(sameWindow, {
      $inc: { count: 1 },
      $set: { lockedUntil },
    }),
  );
  if (locked.matchedCount !== 1) return null;
  return rule.lockOn === 'filled'
    ? {
        granted: true,
        count: current.count + 1,
        windowEndsAt: current.windowEndsAt,
      }
    : refused(lockedUntil);
}

/**
 * Counts the open-window step may take. With `filled`, the count that reaches the limit must also
 * set the lock, which is `settle`'s job.
 */
function countsBeforeLock(rule: CounterRule): number {
  return rule.lockOn === 'filled' ? rule.limit - 1 : rule.limit;
}

/** A window is over once its time is, or once the lock it ended with is. */
function isOver(document: WindowedCounterDocument, at: number): boolean {
  const lockedUntil = document.lockedUntil.getTime();
  if (lockedUntil > at) return false;
  return lockedUntil !== 0 || document.windowEndsAt.getTime() <= at;
}

/** The fields of a window whose first count is taken at `now`. */
function freshWindow(
  now: Date,
  rule: CounterRule,
): { windowEndsAt: Date; lockedUntil: Date; expiresAt: Date } {
  const at = now.getTime();
  return {
    windowEndsAt: new Date(at + rule.windowMs),
    lockedUntil:
      rule.lockOn === 'filled' && rule.limit <= 1
        ? new Date(at + rule.lockMs)
        : NOT_LOCKED,
    // A lock starts inside the window, so it is over by then too.
    expiresAt: new Date(at + rule.windowMs + Math.max(0, rule.lockMs)),
  };
}
