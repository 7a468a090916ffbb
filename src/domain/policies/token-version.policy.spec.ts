import { describe, expect, it } from 'vitest';
import { GlobalRotationState } from '../entities/global-rotation-state.entity.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TokenVersionRejectedError } from '../errors/token-version-rejected.error.js';
import { UserInactiveError } from '../errors/user-inactive.error.js';
import {
  assertTokenAccepted,
  checkTokenVersions,
} from './token-version.policy.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const later = (seconds: number): Date =>
  new Date(NOW.getTime() + seconds * 1000);

/** Rotated from 1 to 2 at NOW, previous version accepted for 60 s. */
const rotated = new GlobalRotationState({
  version: 2,
  previousVersion: 1,
  rotatedAt: NOW,
  graceEndsAt: later(60),
  reason: null,
  rotatedBy: null,
});

describe('checkTokenVersions', () => {
  it('accepts the current global version and the current user version', () => {
    expect(checkTokenVersions({ gv: 2, uv: 3 }, rotated, 3, NOW)).toBeNull();
  });

  it('accepts a user version above the stored one (issued by a fresher instance)', () => {
    expect(checkTokenVersions({ gv: 2, uv: 4 }, rotated, 3, NOW)).toBeNull();
  });

  it('rejects a user version below the current one', () => {
    expect(checkTokenVersions({ gv: 2, uv: 2 }, rotated, 3, NOW)).toBe(
      'user_version',
    );
  });

  it('reports the user version first when both are stale', () => {
    expect(checkTokenVersions({ gv: 0, uv: 1 }, rotated, 3, NOW)).toBe(
      'user_version',
    );
  });

  it('accepts the previous global version only inside the grace window', () => {
    expect(
      checkTokenVersions({ gv: 1, uv: 1 }, rotated, 1, later(59)),
    ).toBeNull();
    expect(checkTokenVersions({ gv: 1, uv: 1 }, rotated, 1, later(60))).toBe(
      'global_version',
    );
  });

  it('rejects a global version older than the previous one', () => {
    const twice = new GlobalRotationState({
      ...rotated,
      version: 3,
      previousVersion: 2,
    });
    expect(checkTokenVersions({ gv: 1, uv: 1 }, twice, 1, NOW)).toBe(
      'global_version',
    );
  });
});

describe('assertTokenAccepted', () => {
  const holder = { isActive: true, tokenVersion: 3 };

  it('passes an existing, active user whose versions are accepted', () => {
    expect(() =>
      assertTokenAccepted({ gv: 2, uv: 3 }, holder, rotated, NOW),
    ).not.toThrow();
  });

  it('refuses an unknown user as an invalid token', () => {
    expect(() =>
      assertTokenAccepted({ gv: 2, uv: 3 }, null, rotated, NOW),
    ).toThrow(InvalidTokenError);
  });

  it('refuses a deactivated user before looking at versions', () => {
    expect(() =>
      assertTokenAccepted(
        { gv: 0, uv: 0 },
        { ...holder, isActive: false },
        rotated,
        NOW,
      ),
    ).toThrow(UserInactiveError);
  });

  it('refuses a user or global version the rules reject', () => {
    expect(() =>
      assertTokenAccepted({ gv: 2, uv: 2 }, holder, rotated, NOW),
    ).toThrow(TokenVersionRejectedError);
    expect(() =>
      assertTokenAccepted({ gv: 1, uv: 3 }, holder, rotated, later(60)),
    ).toThrow(TokenVersionRejectedError);
  });
});
