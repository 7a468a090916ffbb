import type { SigningAlgorithm } from '../domain/entities/signing-key-ring.entity.js';
import type { MfaRequirement } from '../domain/policies/mfa-requirement.policy.js';
import type { PasswordPolicyOptions } from '../domain/policies/password.policy.js';
import type { LockoutPolicy } from '../domain/ports/login-attempt.repository.js';

/** `refreshTokenTtlSeconds` when not configured: 30 days. */
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 86_400;

/** A client allowed to call the introspection endpoint (RFC 7662 §2.1). */
export interface IntrospectionClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * A confidential OAuth client (RFC 6749 §2.1): authenticates with `client_secret_basic` or
 * `client_secret_post` on the token, revocation and introspection endpoints, and may obtain
 * client-credentials access tokens carrying (a subset of) its `scopes`; none, no such tokens.
 */
export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

/** Failed introspection-client authentications allowed per source (IP) and per client id. */
export interface IntrospectionLockout {
  readonly perSource: LockoutPolicy;
  readonly perClient: LockoutPolicy;
}

/** Routes with a per-client rate limit. */
export type RateLimitedRoute =
  | 'login'
  | 'register'
  | 'refresh'
  | 'passwordForgot'
  | 'passwordReset'
  | 'emailVerify'
  /** The second-factor step: `POST /auth/mfa/verify` and the passkey ceremonies of `/auth/mfa/webauthn/*`. */
  | 'mfa';

/** Where the links of account mails point: `appUrl` + the path + `?token=`. */
export interface AccountLinkPaths {
  readonly passwordReset: string;
  readonly invitation: string;
  readonly emailVerification: string;
  readonly emailChange: string;
}

/** How account mails are sent (see `MailOutboxService`). */
export interface MailSettings {
  /** `From` of every mail. */
  readonly from: string;
  /** `smtp://` / `smtps://` URL of the transport, or null for the development logging mailer. */
  readonly smtpUrl: string | null;
  /** How often each instance looks for due mails (retries, and mails queued elsewhere). */
  readonly pollIntervalMs: number;
  /** Delivery attempts before a mail is given up on (logged). */
  readonly maxAttempts: number;
  readonly linkPaths: AccountLinkPaths;
}

/** `sessionMaxLifetimeSeconds` when not configured: 90 days (RFC 9700 §4.14.2). */
export const DEFAULT_SESSION_MAX_LIFETIME_SECONDS = 90 * 86_400;

/** Name of the double-submit CSRF cookie set beside the refresh-token cookie (readable by the app). */
export const CSRF_COOKIE_NAME = 'tokenward_csrf';

/** Header that must echo the `tokenward_csrf` cookie on a request authenticated by the cookie. */
export const CSRF_HEADER_NAME = 'x-csrf-token';

/** How the refresh token travels as a cookie (`refreshTokenCookie`), resolved. */
export interface RefreshTokenCookieSettings {
  /** Name of the HttpOnly refresh-token cookie. */
  readonly name: string;
  /** `Domain` attribute, or null for a host-only cookie. */
  readonly domain: string | null;
  /** `Path` attribute: the route prefix unless configured. */
  readonly path: string;
  /** `Secure` attribute (off only for plain-HTTP development). */
  readonly secure: boolean;
  /** Origins (`scheme://host[:port]`) a cookie-authenticated request may come from. */
  readonly allowedOrigins: readonly string[];
}

/** At most `limit` requests per client in `ttlMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly ttlMs: number;
}

/** The WebAuthn relying party (`webauthn` option), resolved. */
export interface WebAuthnSettings {
  /** Registrable domain the credentials are scoped to. */
  readonly rpId: string;
  /** Name the authenticator shows. */
  readonly rpName: string;
  /** Origins (`scheme://host[:port]`) a ceremony may come from. */
  readonly origins: readonly string[];
  /** How long an issued challenge can complete its ceremony, in seconds. */
  readonly challengeTtlSeconds: number;
  /** Whether a passkey alone (no password, no `mfa_token`) may log in. */
  readonly passwordless: boolean;
}

/** The `mfa` policy option (`mfa.required`, `mfa.roles`), resolved. */
export interface MfaPolicy {
  readonly required: 'optional' | 'roles' | 'all';
  /** With `roles`: a user with any of these must have a factor. */
  readonly roles: readonly string[];
}

/**
 * Validated, defaulted settings the use cases read. Built once at start-up from the module
 * options (see `resolveAuthOptions`); injectable by class.
 */
export class AuthConfig {
  readonly issuer!: string;
  readonly audience!: string;
  readonly accessTokenTtlSeconds!: number;
  readonly refreshTokenTtlSeconds!: number;
  readonly refreshReuseIntervalSeconds!: number;
  /** A session not refreshed within this many seconds ends (0: off). */
  readonly sessionIdleTimeoutSeconds!: number;
  /** A session ends this many seconds after its login, refreshed or not (0: off). */
  readonly sessionMaxLifetimeSeconds!: number;
  /** The refresh token as an HttpOnly cookie with CSRF proof, or null (JSON body only). */
  readonly refreshTokenCookie!: RefreshTokenCookieSettings | null;
  readonly globalGracePeriodSeconds!: number;
  readonly passwordPolicy!: PasswordPolicyOptions;
  readonly defaultRoles!: readonly string[];
  readonly introspectionClients!: readonly IntrospectionClient[];
  /** Every confidential client: `clients` plus the legacy `introspectionClients` (no scopes). */
  readonly clients!: readonly OAuthClient[];
  /**
   * The public first-party client (`token_endpoint_auth_method` `none`): the `client_id` claim of
   * user logins' access tokens and the only client their refresh tokens may be redeemed by.
   */
  readonly firstPartyClientId!: string;
  /** The issuer as a URL (RFC 8414 metadata is served), or null when `issuer` is no http(s) URL. */
  readonly issuerUrl!: URL | null;
  /** Allowed clock skew for `exp`/`iat` checks: how long past `exp` a token is still accepted. */
  readonly clockToleranceSeconds!: number;
  /** How often the revocation cache polls storage for changes made by other instances. */
  readonly revocationCacheRefreshMs!: number;
  /** Past this age without a successful refresh, token validation fails closed (503). */
  readonly revocationMaxStalenessMs!: number;
  /** How far back each poll re-reads, to cover clock skew and in-flight writes between instances. */
  readonly revocationPollOverlapMs!: number;
  /** Longest wait for one storage call before it counts as failed (`StorageUnavailableError`). */
  readonly storageTimeoutMs!: number;
  /** Bound on the LRU of users loaded for tokens without `preferred_username`/`email`. */
  readonly userCacheMaxEntries!: number;
  /** Failed-login lockout, or null when disabled. */
  readonly loginLockout!: LockoutPolicy | null;
  /** Failed introspection-client authentication lockout, or null when disabled. */
  readonly introspectionLockout!: IntrospectionLockout | null;
  /** Per-client rate limits of the public routes, or null when disabled. */
  readonly rateLimits!: Readonly<Record<RateLimitedRoute, RateLimit>> | null;
  /** Largest request body Tokenward's routes accept, in bytes. */
  readonly maxBodyBytes!: number;
  /** Algorithm of new signing keys. */
  readonly signingAlgorithm!: SigningAlgorithm;
  /** Bound on the cache of already-verified access tokens (0 disables it). */
  readonly verifiedTokenCacheMaxEntries!: number;
  /** How long audit records are kept, in days. */
  readonly auditRetentionDays!: number;
  /** Base of the links in account mails (the host's front end), without a trailing slash. */
  readonly appUrl!: string;
  /** Lifetime of a password-reset token. */
  readonly passwordResetTtlSeconds!: number;
  /** Lifetime of an email-verification or email-change token. */
  readonly emailVerificationTtlSeconds!: number;
  /** Lifetime of an invitation (set-password) token. */
  readonly invitationTtlSeconds!: number;
  /** Lifetime of an `mfa_token` (login pending its second factor, or a required enrolment). */
  readonly mfaTokenTtlSeconds!: number;
  /** Login of an unverified account is refused (403), and registration answers alike for taken and new. */
  readonly requireVerifiedEmail!: boolean;
  /** `POST /register` is open; when false, only admins create accounts. */
  readonly allowSelfRegistration!: boolean;
  readonly mail!: MailSettings;
  /** Mails per recipient address and window (forgot, resend, email change), or null when disabled. */
  readonly mailPerAddressLimit!: LockoutPolicy | null;
  /** The WebAuthn relying party passkeys are registered with and asserted to. */
  readonly webauthn!: WebAuthnSettings;
  /** What the module's admin routes ask of a login (`mfa.requireForAdminRoutes`), or null: nothing more. */
  readonly adminMfaRequirement!: MfaRequirement | null;
  /**
   * Who must have a second factor: nobody (`optional`), users with one of `roles` (`roles`), or
   * everybody (`all`). A user it requires one of, without one, enrols during login.
   */
  readonly mfaRequirement!: MfaPolicy;
  /** Issuer named in TOTP provisioning URIs (what the authenticator app lists the entry under). */
  readonly totpIssuer!: string;

  constructor(values: AuthConfig) {
    Object.assign(this, values);
  }
}
