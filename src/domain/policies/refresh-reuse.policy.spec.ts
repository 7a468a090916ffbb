import { describe, expect, it } from 'vitest';
import { Session } from '../entities/session.entity.js';
import { classifyRefreshReuse } from './refresh-reuse.policy.js';
import { NOTHING_RECORDED } from '../../../test/support/session-fields.js';

const ROTATED_AT = new Date('2026-01-01T00:00:00.000Z');
const INTERVAL_MS = 10_000;

function sessionWithHistory(
  previous: string[],
  lastRotatedAt: Date | null = ROTATED_AT,
): Session {
  return new Session({
    id: 'session-1',
    userId: 'user-1',
    refreshTokenHash: 'current',
    previousRefreshTokenHashes: previous,
    lastRotatedAt,
    globalVersion: 1,
    userVersion: 1,
    createdAt: new Date('2025-12-31T00:00:00.000Z'),
    expiresAt: new Date('2026-02-01T00:00:00.000Z'),
    revokedAt: null,
    revocationReason: null,
    lastUsedAt: new Date('2025-12-31T00:00:00.000Z'),
    ...NOTHING_RECORDED,
  });
}

const at = (ms: number): Date => new Date(ROTATED_AT.getTime() + ms);

describe('classifyRefreshReuse', () => {
  const session = sessionWithHistory(['oldest', 'just-rotated']);

  it('treats the token rotated last, replayed within the interval, as a superseded retry', () => {
    expect(
      classifyRefreshReuse(session, 'just-rotated', at(0), INTERVAL_MS),
    ).toBe('superseded');
    expect(
      classifyRefreshReuse(
        session,
        'just-rotated',
        at(INTERVAL_MS),
        INTERVAL_MS,
      ),
    ).toBe('superseded');
  });

  it('treats the token rotated last, replayed after the interval, as reuse', () => {
    expect(
      classifyRefreshReuse(
        session,
        'just-rotated',
        at(INTERVAL_MS + 1),
        INTERVAL_MS,
      ),
    ).toBe('reuse');
  });

  it('treats an older generation as reuse even inside the interval', () => {
    expect(classifyRefreshReuse(session, 'oldest', at(1), INTERVAL_MS)).toBe(
      'reuse',
    );
  });

  it('treats everything as reuse when the interval is zero, except a same-instant retry', () => {
    expect(classifyRefreshReuse(session, 'just-rotated', at(1), 0)).toBe(
      'reuse',
    );
    expect(classifyRefreshReuse(session, 'just-rotated', at(0), 0)).toBe(
      'superseded',
    );
  });

  it('treats a session that never rotated as reuse', () => {
    const fresh = sessionWithHistory([], null);
    expect(
      classifyRefreshReuse(fresh, 'just-rotated', at(0), INTERVAL_MS),
    ).toBe('reuse');
  });
});
