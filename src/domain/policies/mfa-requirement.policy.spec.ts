import { describe, expect, it } from 'vitest';
import { MfaRequiredError } from '../errors/mfa-required.error.js';
import {
  assertMfaRequirementMet,
  isMfaMaxAge,
} from './mfa-requirement.policy.js';

const NOW = 1_800_000_000;

function refusal(run: () => void): MfaRequiredError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof MfaRequiredError) return error;
    throw error;
  }
}

describe('assertMfaRequirementMet', () => {
  it('accepts a token whose amr has mfa when no age is asked, however old', () => {
    expect(
      refusal(() =>
        assertMfaRequirementMet(
          { amr: ['pwd', 'otp', 'mfa'], authTime: NOW - 30 * 86_400 },
          { maxAgeSeconds: null },
          NOW,
        ),
      ),
    ).toBeNull();
  });

  it('refuses a password-only token, and one with no amr at all', () => {
    for (const amr of [['pwd'], [], ['pwd', 'otp']]) {
      const error = refusal(() =>
        assertMfaRequirementMet(
          { amr, authTime: NOW },
          { maxAgeSeconds: null },
          NOW,
        ),
      );
      expect(error?.code).toBe('mfa_required');
      expect(error?.maxAgeSeconds).toBeNull();
    }
  });

  it('accepts up to exactly maxAgeSeconds since auth_time, refuses one second more', () => {
    const token = { amr: ['pwd', 'hwk', 'mfa'], authTime: NOW - 300 };
    expect(
      refusal(() =>
        assertMfaRequirementMet(token, { maxAgeSeconds: 300 }, NOW),
      ),
    ).toBeNull();
    const late = refusal(() =>
      assertMfaRequirementMet(token, { maxAgeSeconds: 300 }, NOW + 1),
    );
    expect(late?.code).toBe('mfa_required');
    expect(late?.maxAgeSeconds).toBe(300);
  });

  it('refuses an age limit for a token without auth_time, and a password token with its max age told', () => {
    expect(
      refusal(() =>
        assertMfaRequirementMet(
          { amr: ['mfa'], authTime: null },
          { maxAgeSeconds: 60 },
          NOW,
        ),
      )?.maxAgeSeconds,
    ).toBe(60);
    expect(
      refusal(() =>
        assertMfaRequirementMet(
          { amr: ['pwd'], authTime: NOW },
          { maxAgeSeconds: 60 },
          NOW,
        ),
      )?.maxAgeSeconds,
    ).toBe(60);
  });
});

describe('isMfaMaxAge', () => {
  it('takes whole seconds from 0 to a year, nothing else', () => {
    expect([0, 1, 300, 366 * 86_400].every(isMfaMaxAge)).toBe(true);
    expect(
      [-1, 1.5, Number.NaN, '300', null, undefined, 366 * 86_400 + 1].some(
        isMfaMaxAge,
      ),
    ).toBe(false);
  });
});
