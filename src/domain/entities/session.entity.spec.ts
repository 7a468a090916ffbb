import { describe, expect, it } from 'vitest';
import { Session } from './session.entity.js';
import { NOTHING_RECORDED } from '../../../test/support/session-fields.js';

const EXPIRES = new Date('2026-01-31T00:00:00.000Z');

function session(revokedAt: Date | null): Session {
  return new Session({
    id: 's',
    userId: 'u',
    refreshTokenHash: 'h',
    previousRefreshTokenHashes: [],
    lastRotatedAt: null,
    globalVersion: 1,
    userVersion: 1,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    expiresAt: EXPIRES,
    revokedAt,
    revocationReason: revokedAt === null ? null : 'logout',
    lastUsedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...NOTHING_RECORDED,
  });
}

describe('Session', () => {
  it('is expired from its expiry instant on', () => {
    expect(session(null).isExpiredAt(new Date(EXPIRES.getTime() - 1))).toBe(
      false,
    );
    expect(session(null).isExpiredAt(EXPIRES)).toBe(true);
  });

  it('is revoked once it has a revocation time', () => {
    expect(session(null).isRevoked).toBe(false);
    expect(session(new Date('2026-01-02T00:00:00.000Z')).isRevoked).toBe(true);
  });
});
