/** An SSF receiver authenticated by its client-credentials access token. */
export class AuthenticatedReceiver {
  constructor(
    /** The confidential client the token was issued to; owns its streams, is their SETs' `aud`. */
    readonly clientId: string,
    /** The token's scopes that the client is still configured with. */
    readonly scopes: readonly string[],
  ) {}
}
