/** Claims Tokenward puts in every access token (RFC 9068 profile plus its own version claims). */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  /** Seconds since the epoch. */
  readonly exp: number;
  readonly iss: string;
  readonly aud: string;
  /** Session (refresh-token family) id. */
  readonly sid: string;
  /** Global version at issue. */
  readonly gv: number;
  /** User token version at issue. */
  readonly uv: number;
  readonly roles: readonly string[];
  /** RFC 9068 §2.2: the client the token was issued to (the first-party client for logins). */
  readonly client_id?: string;
}

/** Claims the caller chooses; issuer, audience, iat and exp are filled in by the signer. */
export type AccessTokenSubject = Pick<
  AccessTokenClaims,
  'sub' | 'jti' | 'sid' | 'gv' | 'uv' | 'roles' | 'client_id'
>;

/**
 * Claims of a client-credentials access token (RFC 9068 with no resource owner: `sub` is the
 * client id). No session, version or role claims: user-facing guards and introspection refuse it.
 */
export interface ServiceAccessTokenClaims {
  readonly sub: string;
  readonly client_id: string;
  /** Space-delimited granted scopes (RFC 9068 §2.2.3). */
  readonly scope: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly iss: string;
  readonly aud: string;
}

/** What the caller chooses of a client-credentials token. */
export type ServiceAccessTokenSubject = Pick<
  ServiceAccessTokenClaims,
  'sub' | 'client_id' | 'scope' | 'jti'
>;

/**
 * Port: signs and verifies access tokens with pinned algorithm, issuer, audience and type, each
 * token naming its signing key (`kid`).
 */
export abstract class AccessTokenSigner {
  /** Signs a token issued at `now`; returns it with its full claims. */
  abstract sign(
    subject: AccessTokenSubject,
    now: Date,
  ): Promise<{ readonly token: string; readonly claims: AccessTokenClaims }>;
  /**
   * Verifies signature, algorithm, type, issuer, audience, expiry and the presence and type of
   * every claim. Throws `InvalidTokenError` or `TokenExpiredError`.
   */
  abstract verify(token: string, now: Date): Promise<AccessTokenClaims>;

  /**
   * Signs a client-credentials access token like `sign` (same key, `typ`, issuer, audience and
   * lifetime). Not abstract, so a host's own signer keeps compiling; it then refuses the grant.
   */
  signServiceToken(
    subject: ServiceAccessTokenSubject,
    now: Date,
  ): Promise<{
    readonly token: string;
    readonly claims: ServiceAccessTokenClaims;
  }> {
    void subject;
    void now;
    return Promise.reject(
      new Error(
        'this AccessTokenSigner does not sign client-credentials tokens',
      ),
    );
  }
}
