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
}

/** Claims the caller chooses; issuer, audience, iat and exp are filled in by the signer. */
export type AccessTokenSubject = Pick<
  AccessTokenClaims,
  'sub' | 'jti' | 'sid' | 'gv' | 'uv' | 'roles'
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
}
