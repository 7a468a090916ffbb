import type { AuthTokens } from './auth-tokens.dto.js';

/** The outcome of a password change: the caller's session re-issued, the others revoked. */
export class PasswordChanged {
  constructor(
    /** New tokens of the calling session (its previous access and refresh tokens stop working). */
    readonly tokens: AuthTokens,
    /** How many other sessions were revoked. */
    readonly revokedSessions: number,
  ) {}
}
