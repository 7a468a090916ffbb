import type { MfaRequirement } from '../../../domain/policies/mfa-requirement.policy.js';

/**
 * Injection token of what the module's admin routes ask of a login (`mfa.requireForAdminRoutes`),
 * or null when they ask nothing more than the admin role. Provided by `AuthModule` only.
 */
export const ADMIN_MFA_REQUIREMENT = Symbol('tokenward:adminMfaRequirement');

/** What `ADMIN_MFA_REQUIREMENT` holds. */
export type AdminMfaRequirement = MfaRequirement | null;
