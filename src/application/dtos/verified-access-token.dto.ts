import type { AuthenticatedUser } from './authenticated-user.dto.js';

/** The outcome of a successful access-token validation: the user and the token's facts. */
export class VerifiedAccessToken {
  constructor(
    readonly user: AuthenticatedUser,
    readonly sessionId: string,
    readonly tokenId: string,
    /** Seconds since the epoch. */
    readonly issuedAt: number,
    /** Seconds since the epoch. */
    readonly expiresAt: number,
    readonly globalVersion: number,
    readonly userVersion: number,
    /** The token's `amr` (RFC 8176); empty when it carries none. */
    readonly amr: readonly string[] = [],
    /** The token's `auth_time` (seconds since the epoch), or null when it carries none. */
    readonly authTime: number | null = null,
  ) {}
}
