/** An access/refresh token pair as issued at login or refresh. */
export class AuthTokens {
  readonly tokenType = 'Bearer' as const;

  constructor(
    readonly accessToken: string,
    readonly refreshToken: string,
    /** Access token lifetime in seconds. */
    readonly expiresIn: number,
    /** The session (refresh-token family) the pair belongs to. */
    readonly sessionId: string,
    /** When the refresh token stops working (the session's expiry): a cookie's `Expires`. */
    readonly refreshTokenExpiresAt: Date | null = null,
  ) {}
}
