import type { SigningKey } from '../entities/signing-key-ring.entity.js';
import type { AuthError } from '../errors/auth.error.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';

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
  /** RFC 8176 authentication methods of the login behind the token (`pwd`, `otp`, `hwk`, `mfa`). */
  readonly amr?: readonly string[];
  /** When the user last authenticated (OIDC `auth_time`, seconds); kept across refresh. */
  readonly auth_time?: number;
  readonly roles: readonly string[];
  /**
   * The user's username at issue (`preferred_username` on the wire). Absent from tokens issued
   * before it was added; a recent change of the user overrides it, like `roles`.
   */
  readonly username?: string;
  /** The user's email address at issue (`email` on the wire); absent from older tokens. */
  readonly email?: string;
  /** RFC 9068 §2.2: the client the token was issued to (the first-party client for logins). */
  readonly client_id?: string;
}

/** Claims the caller chooses; issuer, audience, iat and exp are filled in by the signer. */
export type AccessTokenSubject = Pick<
  AccessTokenClaims,
  | 'sub'
  | 'jti'
  | 'sid'
  | 'gv'
  | 'uv'
  | 'roles'
  | 'username'
  | 'email'
  | 'client_id'
  | 'amr'
  | 'auth_time'
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
 * Port: signs and verifies access tokens with pinned algorithm, issuer, audience and type, with
 * the key it is given. Which key (the active one to sign; the one a token's `kid` names to verify)
 * is the caller's to resolve, from the signing-key ring.
 */
export abstract class AccessTokenSigner {
  /** Signs a token issued at `now` with `key`, naming it as `kid`; returns it with its claims. */
  abstract sign(
    subject: AccessTokenSubject,
    key: SigningKey,
    now: Date,
  ): Promise<{ readonly token: string; readonly claims: AccessTokenClaims }>;
  /**
   * The `kid` of a token's header, unverified (only to find the key). Throws `InvalidTokenError`
   * for a token that is no JWS, has no usable `kid`, or carries a `crit` header.
   */
  abstract keyIdOf(token: string): string;
  /**
   * Verifies signature (with `key`, whose algorithm is pinned), type, issuer, audience, expiry and
   * the presence and type of every claim. Throws `InvalidTokenError` or `TokenExpiredError`.
   */
  abstract verify(
    token: string,
    key: SigningKey,
    now: Date,
  ): Promise<AccessTokenClaims>;
  /**
   * `verify` without a promise, for signers and keys that can decide synchronously (the guard's
   * path for a token not seen before: no microtask hops). Returns `undefined` when this signer
   * cannot (then `verify` decides); otherwise the same claims or the same errors as `verify`. Not
   * abstract, so a host's own signer keeps compiling and simply always takes `verify`.
   */
  verifyNow(
    token: string,
    key: SigningKey,
    now: Date,
  ): AccessTokenClaims | undefined {
    void token;
    void key;
    void now;
    return undefined;
  }

  /**
   * Why a token whose key no longer verifies anything is refused: `TokenExpiredError` when its own
   * (unverified) `exp` is past, else `InvalidTokenError`. Nothing is granted on it.
   */
  abstract refusalWithoutKey(token: string, now: Date): AuthError;

  /**
   * Signs a client-credentials access token like `sign` (same key, `typ`, issuer, audience and
   * lifetime). Not abstract, so a host's own signer keeps compiling; it then refuses the grant.
   */
  signServiceToken(
    subject: ServiceAccessTokenSubject,
    key: SigningKey,
    now: Date,
  ): Promise<{
    readonly token: string;
    readonly claims: ServiceAccessTokenClaims;
  }> {
    void subject;
    void key;
    void now;
    return Promise.reject(
      new Error(
        'this AccessTokenSigner does not sign client-credentials tokens',
      ),
    );
  }

  /**
   * Verifies a client-credentials token like `verify` (signature, type, issuer, audience, expiry)
   * and its claims: `sub` = `client_id`, `scope`, no session claim, so a user's token never
   * passes. Not abstract, like `signServiceToken`; the default refuses every token.
   */
  verifyServiceToken(
    token: string,
    key: SigningKey,
    now: Date,
  ): Promise<ServiceAccessTokenClaims> {
    void token;
    void key;
    void now;
    return Promise.reject(new InvalidTokenError());
  }
}
