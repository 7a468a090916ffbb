import type { Session } from '../entities/session.entity.js';

/** What to do with a refresh token that is no longer the current one of its session. */
export type RefreshReuseVerdict =
  /** A concurrent retry of the token just rotated: refuse it, keep the session. */
  | 'superseded'
  /** A replay of an older token, or of the last one after the interval: revoke the family. */
  | 'reuse';

/**
 * Decides between a benign client retry and a stolen-token replay. Only the refresh token that
 * was current until the last rotation, presented within `reuseIntervalMs` of that rotation, is a
 * retry; anything else is reuse.
 */
export function classifyRefreshReuse(
  session: Session,
  presentedHash: string,
  now: Date,
  reuseIntervalMs: number,
): RefreshReuseVerdict {
  const hashes = session.previousRefreshTokenHashes;
  const justRotated =
    hashes.length > 0 && hashes[hashes.length - 1] === presentedHash;
  if (
    justRotated &&
    session.lastRotatedAt !== null &&
    now.getTime() - session.lastRotatedAt.getTime() <= reuseIntervalMs
  ) {
    return 'superseded';
  }
  return 'reuse';
}
