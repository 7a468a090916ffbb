/**
 * What a resource server learns about an access token from the auth service, either by verifying
 * it against the published keys (JWKS) or by asking (introspection).
 */
export interface RemotelyVerifiedToken {
  readonly sub: string;
  readonly sid: string;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  /** Seconds since the epoch. */
  readonly exp: number;
  /** Global version at issue. */
  readonly gv: number;
  /** User token version at issue. */
  readonly uv: number;
  /** From introspection: the user's current roles; from JWKS: the roles at issue (the claim). */
  readonly roles: readonly string[];
  /** From introspection: current; from JWKS: the `preferred_username` claim, `null` without it. */
  readonly username: string | null;
  /** From introspection: current; from JWKS: the `email` claim, `null` without it. */
  readonly email: string | null;
  /** The token's own `amr` (both modes read it from the token the auth service vouched for). */
  readonly amr?: readonly string[];
  /** The token's own `auth_time` (seconds), when it carries one. */
  readonly authTime?: number;
}

/**
 * Port of a resource server (a service that holds no user data): decides whether an access token
 * issued by the auth service is valid. Throws `InvalidTokenError` or `TokenExpiredError` for an
 * unusable token, and `AuthServiceUnavailableError` when the auth service was needed but could
 * not be reached or answered unusably (never a verdict on the token).
 */
export abstract class RemoteAccessTokenVerifier {
  abstract verify(token: string): Promise<RemotelyVerifiedToken>;
}
