import { ValidationError } from '../errors/validation.error.js';

/** A role name (also its OpenAPI `pattern`). */
export const ROLE_PATTERN = /^[a-z][a-z0-9_:.-]{0,63}$/;

/** Role names: lower-case identifiers (`admin`, `billing:read`), at most 32 per user. */
export class Roles {
  static readonly MAX_ROLES = 32;

  /** Validates, de-duplicates and sorts; throws `ValidationError` on a bad role name. */
  static parse(raw: readonly string[]): readonly string[] {
    if (raw.length > Roles.MAX_ROLES) {
      throw new ValidationError(
        `a user can have at most ${Roles.MAX_ROLES} roles`,
      );
    }
    for (const role of raw) {
      if (!ROLE_PATTERN.test(role)) {
        throw new ValidationError(
          'roles must be lower-case identifiers of letters, digits, "_", ":", "." or "-"',
        );
      }
    }
    return [...new Set(raw)].sort();
  }
}
