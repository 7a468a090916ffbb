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
  ) {}
}
