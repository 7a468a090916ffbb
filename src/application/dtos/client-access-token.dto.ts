/** A client-credentials access token (RFC 6749 §4.4.3): no refresh token. */
export class ClientAccessToken {
  readonly tokenType = 'Bearer' as const;

  constructor(
    readonly accessToken: string,
    /** Lifetime in seconds. */
    readonly expiresIn: number,
    /** The granted scopes. */
    readonly scopes: readonly string[],
  ) {}
}
