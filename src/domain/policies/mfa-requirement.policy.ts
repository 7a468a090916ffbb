import { MfaRequiredError } from '../errors/mfa-required.error.js';

/** What a route asks of the login behind a token (`@RequireMfa`, `mfa.requireForAdminRoutes`). */
export interface MfaRequirement {
  /** Longest time (seconds) since that login authenticated (`auth_time`); null: any age. */
  readonly maxAgeSeconds: number | null;
}

/** The RFC 8176 `amr` value a login with more than one factor carries. */
export const MFA_AMR = 'mfa';

/**
 * Throws `MfaRequiredError` unless the token's `amr` contains `mfa` and, when the requirement
 * has a `maxAgeSeconds`, `now - auth_time <= maxAgeSeconds`. A token without `auth_time` meets no
 * age limit; one whose `auth_time` lies ahead of `now` is taken as age 0 (clock skew).
 */
export function assertMfaRequirementMet(
  token: { readonly amr: readonly string[]; readonly authTime: number | null },
  requirement: MfaRequirement,
  nowSeconds: number,
): void {
  if (!token.amr.includes(MFA_AMR)) {
    throw new MfaRequiredError(requirement.maxAgeSeconds);
  }
  if (requirement.maxAgeSeconds === null) return;
  if (
    token.authTime === null ||
    nowSeconds - token.authTime > requirement.maxAgeSeconds
  ) {
    throw new MfaRequiredError(requirement.maxAgeSeconds);
  }
}

/** Whether `value` can be a `maxAgeSeconds`: a whole number of seconds from 0 to a year. */
export function isMfaMaxAge(value: unknown): value is number {
  return (
    Number.isSafeInteger(value) &&
    (value as number) >= 0 &&
    (value as number) <= 366 * 86_400
  );
}
