import { SetMetadata } from '@nestjs/common';
import {
  isMfaMaxAge,
  type MfaRequirement,
} from '../../../domain/policies/mfa-requirement.policy.js';

/** Metadata key set by `@RequireMfa()`. */
export const REQUIRE_MFA_KEY = 'tokenward:requireMfa';

/** What `@RequireMfa()` takes. */
export interface RequireMfaOptions {
  /** The login must have been at most this many seconds ago (`auth_time`); absent: any age. */
  maxAgeSeconds?: number;
}

/**
 * Step-up: `JwtAuthGuard` lets the route through only for a token from a login with a second
 * factor (`amr` contains `mfa`) and, with `maxAgeSeconds`, one at most that old (`auth_time`).
 * Otherwise 401 `mfa_required` with `WWW-Authenticate: Bearer
 * error="insufficient_user_authentication"` (RFC 9470, `max_age` when given). On a method it
 * overrides one on the controller.
 */
export const RequireMfa = (
  options: RequireMfaOptions = {},
): MethodDecorator & ClassDecorator => {
  const { maxAgeSeconds } = options;
  if (maxAgeSeconds !== undefined && !isMfaMaxAge(maxAgeSeconds)) {
    throw new TypeError(
      '@RequireMfa: maxAgeSeconds must be a whole number of seconds from 0 to 31622400',
    );
  }
  const requirement: MfaRequirement = { maxAgeSeconds: maxAgeSeconds ?? null };
  return SetMetadata(REQUIRE_MFA_KEY, requirement);
};
