import { availableParallelism } from 'node:os';
import type { Provider } from '@nestjs/common';
import {
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  DEFAULT_SESSION_MAX_LIFETIME_SECONDS,
  type AccountLinkPaths,
  type IntrospectionClient,
  type RateLimitedRoute,
} from '../../application/auth-config.js';
import {
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from '../../domain/entities/signing-key-ring.entity.js';
import { DEFAULT_PASSWORD_POLICY } from '../../domain/policies/password.policy.js';
import {
  OWASP_ARGON2_OPTIONS,
  type Argon2Options,
} from '../../infrastructure/crypto/argon2-password.hasher.js';
import {
  DEFAULT_COLLECTION_PREFIX,
  type MongoosePersistenceOptions,
} from '../../infrastructure/persistence/mongoose/mongoose-persistence.options.js';
import type { ShouldSkipAuthentication } from '../../interface/http/guards/skip-authentication.js';
import type { OptionTable } from '../shared/shared.options.js';

/**
 * Options of `AuthModule.forRoot` / the factory of `forRootAsync`. Every default and accepted range
 * is written once, in `AUTH_OPTION_TABLE` below (the resolver, its messages and the README check
 * all read it).
 */
export interface AuthModuleOptions {
  /** Master secret, at least 32 bytes. Per-purpose signing keys are derived from it (HKDF). */
  secret: string | Buffer;
  /**
   * `iss` of issued tokens, required on verification. An http(s) URL (no query or fragment; https
   * with NODE_ENV=production, except for localhost) also makes it the RFC 8414 issuer: the
   * metadata at `/.well-known/oauth-authorization-server` is served. Any other string (the default,
   * kept for existing deployments) is a plain `iss` and the metadata answers 404.
   */
  issuer?: string;
  /** `aud` of issued tokens, required on verification. */
  audience?: string;
  /** Access-token lifetime, in seconds. */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime in seconds, renewed at every rotation. */
  refreshTokenTtlSeconds?: number;
  /**
   * Window (seconds) in which a repeat of the just-rotated refresh token is a retry, not theft: it
   * gets the same successor back (idempotent refresh).
   */
  refreshReuseIntervalSeconds?: number;
  /** A session not refreshed within this many seconds ends (0: off; the refresh token's own lifetime still applies). */
  sessionIdleTimeoutSeconds?: number;
  /** A session ends this many seconds after its login however often it is refreshed (0: off). */
  sessionMaxLifetimeSeconds?: number;
  /**
   * Browser clients: login and refresh also set the refresh token as an `HttpOnly; Secure;
   * SameSite=Strict` cookie (Path: the route prefix) and leave it out of the JSON body; refresh and
   * logout read it from the cookie when the body has none; logout clears it. A request
   * authenticated by the cookie must carry the `X-CSRF-Token` header equal to the `tokenward_csrf`
   * cookie and an `Origin` among `allowedOrigins` (else 403 `csrf_failed`). Needs the adapter's
   * cookie plugin registered by the host: `cookie-parser` (Express) or `@fastify/cookie`.
   * `true`: the defaults, which need `allowedOrigins`, so give an object.
   */
  refreshTokenCookie?:
    | boolean
    | {
        /** Cookie name (default `tokenward_refresh`). */
        name?: string;
        /** `Domain` attribute (default: none, a host-only cookie). */
        domain?: string;
        /** `Path` attribute (default: `/<routePrefix>`). */
        path?: string;
        /** `Secure` attribute (default true; false only for plain-HTTP development). */
        secure?: boolean;
        /** Origins (`scheme://host[:port]`) the app is served from; at least one. */
        allowedOrigins?: string[];
      };
  /** Grace period (seconds) of a global rotation that names none. */
  globalGracePeriodSeconds?: number;
  /** Password policy: `minLength` in characters, `maxBytes` in UTF-8 bytes (bounds the argon2 input). */
  password?: { minLength?: number; maxBytes?: number };
  /** argon2id cost (`memoryCost` in KiB); the default is OWASP's. */
  argon2?: Partial<Argon2Options>;
  /** Roles given to self-registered users. */
  defaultRoles?: string[];
  /**
   * Clients allowed to call `POST /auth/introspect` (HTTP Basic), each with a `clientSecret` of
   * at least 32 bytes.
   */
  introspectionClients?: IntrospectionClient[];
  /**
   * Confidential OAuth clients, each `{ clientId, clientSecret, scopes? }` (secret of at least 32
   * bytes): they authenticate with `client_secret_basic` or `client_secret_post` on
   * `POST /auth/token`, `/auth/revoke` and `/auth/introspect`; a client with `scopes` may use the
   * `client_credentials` grant. `introspectionClients` entries are clients without scopes.
   */
  clients?: OAuthClientOptions[];
  /**
   * Client id of the first-party public client (auth method `none`): the `client_id` claim of the
   * access tokens of user logins, and the only client a refresh token may be redeemed by at
   * `POST /auth/token`. Must not be the id of a confidential client.
   */
  firstPartyClientId?: string;
  /**
   * Failed introspection-client authentications, counted in storage (shared by every instance on
   * MongoDB). A source (IP) with `maxFailuresPerSource` failures within `windowSeconds` is refused
   * for `lockoutSeconds` with 429 `too_many_attempts` + `Retry-After`, right secret or not. A
   * client id with `maxFailuresPerClient` failures (from any sources) is, for as long, refused to
   * every source that failed within its window, while a source without failures (the real client)
   * is still served. `false` disables it.
   */
  introspectionLockout?:
    | false
    | {
        maxFailuresPerSource?: number;
        maxFailuresPerClient?: number;
        windowSeconds?: number;
        lockoutSeconds?: number;
      };
  /** How often (ms) revocation state is polled from storage: the multi-instance bound. */
  revocationCacheRefreshMs?: number;
  /** Age (ms) past which, if storage cannot be reached, validation fails closed (503). */
  revocationMaxStalenessMs?: number;
  /** How far back (ms) each poll re-reads to cover clock skew between instances. */
  revocationPollOverlapMs?: number;
  /**
   * Longest wait (ms) for any one storage call (every repository method, the module's adapters and
   * a host's alike): past it the call counts as failed, 503 `storage_unavailable`.
   */
  storageTimeoutMs?: number;
  /** Max users kept for tokens issued before they carried `preferred_username`/`email` (LRU). */
  userCacheMaxEntries?: number;
  /** Allowed clock skew for `exp`/`iat` checks, in seconds. */
  clockToleranceSeconds?: number;
  /**
   * Failed-login lockout per account (or per unknown identifier, alike): after `maxFailures`
   * failures within `windowSeconds`, logins answer 429 for `lockoutSeconds`. `false` disables it.
   */
  loginLockout?:
    | false
    | { maxFailures?: number; windowSeconds?: number; lockoutSeconds?: number };
  /**
   * Per-client (IP) rate limits of login, register, refresh, password forgot and reset, email
   * verification and the second-factor step (`mfa`), each `{ limit, ttlSeconds }`. `false`
   * disables them.
   */
  rateLimit?:
    | false
    | Partial<
        Record<RateLimitedRoute, { limit?: number; ttlSeconds?: number }>
      >;
  /** Largest request body (bytes) Tokenward's routes accept (413 beyond). */
  maxBodyBytes?: number;
  /**
   * Access-token signing. `algorithm` of new keys: `HS256` (the key is derived from the secret and
   * never leaves the process), or `EdDSA` (Ed25519) / `ES256` (P-256), whose public keys
   * are published at `GET /auth/.well-known/jwks.json` so other services can verify tokens. The
   * active key signs; retired keys verify until their tokens expire. After changing the algorithm,
   * a signing-key rotation (`POST /auth/admin/rotations/keys`, `tokenward rotate-keys`) switches.
   */
  signing?: { algorithm?: SigningAlgorithm };
  /**
   * `(method, path) => boolean`: requests it returns true for pass `JwtAuthGuard` without a token,
   * like `@Public()`, for routes a host cannot decorate (health checks, metrics). `path` is raw
   * (no query string, percent-encoding kept): match exact paths.
   */
  shouldSkipAuthentication?: ShouldSkipAuthentication;
  /**
   * Bound on the cache of already-verified access tokens (LRU keyed by the token string; an entry
   * never outlives its token's `exp`; revocation is still checked on every request); 0 disables
   * it.
   */
  verifiedTokenCacheMaxEntries?: number;
  /**
   * Argon2 concurrency gate: at most `maxConcurrent` hashes at once and `maxQueued` waiting; beyond,
   * login and register answer 503 `server_busy` with `Retry-After` instead of queueing without
   * bound.
   */
  passwordHashing?: { maxConcurrent?: number; maxQueued?: number };
  /**
   * How long audit records (rotations, deactivations, reuse detections, ...) are kept, in days:
   * a TTL index deletes them afterwards on MongoDB; the memory store drops them as new ones come.
   */
  auditRetentionDays?: number;
  /**
   * Base URL of the app the account mails link to (reset, verification, invitation): the link is
   * this + `mail.linkPaths` + `?token=`. Without it, links point at `http://localhost:3000`, which
   * NODE_ENV=production refuses: set it there.
   */
  appUrl?: string;
  /** Lifetime (seconds) of a password-reset link. */
  passwordResetTtlSeconds?: number;
  /** Lifetime (seconds) of an email-verification or email-change link. */
  emailVerificationTtlSeconds?: number;
  /** Lifetime (seconds) of an invitation (set-password) link. */
  invitationTtlSeconds?: number;
  /** Lifetime (seconds) of the `mfa_token` a login answers when a second factor is due. */
  mfaTokenTtlSeconds?: number;
  /**
   * Refuse login of unverified addresses (403 `email_not_verified`, after the password is right)
   * and answer registration 202 alike whether the username or address is taken.
   */
  requireVerifiedEmail?: boolean;
  /** `POST /auth/register` is open; false answers 403 (admins create accounts). */
  allowSelfRegistration?: boolean;
  /**
   * How account mails are sent: `smtpUrl` (`smtp://` or `smtps://`, through nodemailer) and
   * `from`; without `smtpUrl`, a logging mailer that prints them (refused with
   * NODE_ENV=production). `pollIntervalMs`: how often each instance sends due mails (retries,
   * mails queued elsewhere); `maxAttempts`; `linkPaths`: the path of each kind of link.
   */
  mail?: {
    from?: string;
    smtpUrl?: string;
    pollIntervalMs?: number;
    maxAttempts?: number;
    linkPaths?: Partial<AccountLinkPaths>;
  };
  /**
   * Mails asked for per recipient address (forgot, resend, email change) in `windowSeconds`, on
   * every instance (counted in storage): beyond, 429 `rate_limited`. `false` disables it.
   */
  mailPerAddressLimit?: false | { limit?: number; windowSeconds?: number };
  /**
   * Passkeys (WebAuthn, docs/architecture/mfa.md): the relying party's `rpId` (a registrable
   * domain of the page, default the `appUrl` host), `rpName` (shown by the authenticator, default
   * `Tokenward`) and the `origins` an assertion may come from (default the `appUrl` origin);
   * `challengeTtlSeconds` how long a ceremony's challenge lives (default 300); `passwordless`
   * lets a passkey log in on its own, without the password (default false: a second factor only).
   */
  webauthn?: {
    rpId?: string;
    rpName?: string;
    origins?: string[];
    challengeTtlSeconds?: number;
    passwordless?: boolean;
  };
  /**
   * Multi-factor authentication (docs/architecture/mfa.md).
   * - `required`: `optional` (default: users may enrol), `roles` (users with any of `roles`,
   *   default `['admin']`, must) or `all`. A required user without a factor gets, after the right
   *   password, `mfa_required` with `methods: ['totp_enroll']` and an `mfa_token` that only enrols
   *   (`POST /auth/mfa/totp/enroll`, `/confirm`), the confirmation completing the login.
   * - `requireForAdminRoutes`: the module's admin routes (`/auth/admin/*`) also require a token
   *   from a login with a second factor (as `@RequireMfa()` does), `{ maxAgeSeconds }` one at most
   *   that old; default false.
   */
  mfa?: {
    required?: 'optional' | 'roles' | 'all';
    roles?: string[];
    requireForAdminRoutes?: boolean | { maxAgeSeconds: number };
  };
  /**
   * TOTP (docs/architecture/mfa.md): `issuer` is the name in the `otpauth://` URI an enrolment
   * answers, under which authenticator apps list the account (default `Tokenward`).
   */
  totp?: { issuer?: string };
}

/** One entry of `clients`: RFC 6749 scope tokens in `scopes`, none by default. */
export interface OAuthClientOptions {
  clientId: string;
  clientSecret: string;
  scopes?: string[];
}

/**
 * Options that shape the module itself; accepted by both `forRoot` and `forRootAsync`. Defaults:
 * `AUTH_MODULE_EXTRAS_DEFAULTS` below.
 */
export interface AuthModuleExtras {
  /** Register the module globally so any host module can use its guards. */
  isGlobal?: boolean;
  /**
   * Where users, sessions and rotation state live: `memory` (one process only), or `mongoose` on the
   * host's `MongooseModule.forRoot(uri)` connection.
   */
  storage?: 'memory' | 'mongoose';
  /** With `storage: 'mongoose'`: the connection name and collection prefix. */
  mongoose?: MongoosePersistenceOptions;
  /** Prefix of the module's routes. */
  routePrefix?: string;
  /** Mount the module's HTTP controllers; false keeps only guards and the buses. */
  mountControllers?: boolean;
  /**
   * Also render every error of the whole app (host routes, body-parser errors, 404s) in
   * Tokenward's `{ statusCode, error, code, message }` format, without stack traces, by
   * registering `AuthExceptionFilter` as a global filter. Off by default: a guest module does not
   * take over the host's error handling unless asked.
   */
  globalErrorFilter?: boolean;
  /** Providers appended last, so a host can replace any port (repositories, hasher, clock). */
  providers?: Provider[];
}

/**
 * Every default and accepted range of `AuthModuleOptions`, the one place each is written: the
 * resolver walks it (in this order: a bound may name an option above it), its problems quote the
 * ranges, and test/architecture/readme-options.spec.ts holds the README's defaults against it.
 */
export const AUTH_OPTION_TABLE = {
  issuer: { default: 'tokenward' },
  audience: { default: 'tokenward' },
  accessTokenTtlSeconds: { default: 900, min: 10, max: 86_400 },
  // The defaults the HTTP edge also documents live beside the code that needs them.
  refreshTokenTtlSeconds: {
    default: DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    min: 60,
    max: 400 * 86_400,
  },
  refreshReuseIntervalSeconds: { default: 10, min: 0, max: 300 },
  sessionIdleTimeoutSeconds: { default: 0, min: 0, max: 400 * 86_400 },
  sessionMaxLifetimeSeconds: {
    default: DEFAULT_SESSION_MAX_LIFETIME_SECONDS,
    min: 0,
    max: 10 * 365 * 86_400,
  },
  'refreshTokenCookie.name': { default: 'tokenward_refresh' },
  'refreshTokenCookie.secure': { default: true },
  'refreshTokenCookie.allowedOrigins': { default: [] as readonly string[] },
  // A grace longer than a refresh token lives would keep cut-off sessions alive for nothing.
  globalGracePeriodSeconds: {
    default: 300,
    min: 0,
    max: (resolved) => resolved.refreshTokenTtlSeconds!,
  },
  'password.minLength': {
    default: DEFAULT_PASSWORD_POLICY.minLength,
    min: 1,
    max: 1024,
  },
  'password.maxBytes': {
    default: DEFAULT_PASSWORD_POLICY.maxBytes,
    min: 8,
    max: 4096,
  },
  'argon2.memoryCost': {
    default: OWASP_ARGON2_OPTIONS.memoryCost,
    min: 1024,
    max: 4_194_304,
  },
  'argon2.timeCost': {
    default: OWASP_ARGON2_OPTIONS.timeCost,
    min: 1,
    max: 100,
  },
  'argon2.parallelism': {
    default: OWASP_ARGON2_OPTIONS.parallelism,
    min: 1,
    max: 64,
  },
  defaultRoles: { default: ['user'] as readonly string[] },
  introspectionClients: { default: [] as readonly IntrospectionClient[] },
  clients: { default: [] as readonly OAuthClientOptions[] },
  firstPartyClientId: { default: 'tokenward' },
  'introspectionLockout.maxFailuresPerSource': {
    default: 10,
    min: 1,
    max: 100_000,
  },
  'introspectionLockout.maxFailuresPerClient': {
    default: 100,
    min: 1,
    max: 1_000_000,
  },
  'introspectionLockout.windowSeconds': { default: 60, min: 1, max: 86_400 },
  'introspectionLockout.lockoutSeconds': { default: 60, min: 1, max: 86_400 },
  revocationCacheRefreshMs: { default: 1000, min: 50, max: 60_000 },
  // Two polls may fail in a row before a request has to wait for storage.
  revocationMaxStalenessMs: {
    default: 10_000,
    min: (resolved) => resolved.revocationCacheRefreshMs! * 2,
    max: 3_600_000,
  },
  revocationPollOverlapMs: { default: 5000, min: 0, max: 600_000 },
  storageTimeoutMs: { default: 2000, min: 50, max: 600_000 },
  userCacheMaxEntries: { default: 100_000, min: 1, max: 10_000_000 },
  clockToleranceSeconds: { default: 5, min: 0, max: 300 },
  'loginLockout.maxFailures': { default: 5, min: 1, max: 1000 },
  'loginLockout.windowSeconds': { default: 900, min: 1, max: 86_400 },
  'loginLockout.lockoutSeconds': { default: 900, min: 1, max: 86_400 },
  'rateLimit.login.limit': { default: 20, min: 1, max: 1_000_000 },
  'rateLimit.login.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.register.limit': { default: 10, min: 1, max: 1_000_000 },
  'rateLimit.register.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.refresh.limit': { default: 60, min: 1, max: 1_000_000 },
  'rateLimit.refresh.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.passwordForgot.limit': { default: 5, min: 1, max: 1_000_000 },
  'rateLimit.passwordForgot.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.passwordReset.limit': { default: 10, min: 1, max: 1_000_000 },
  'rateLimit.passwordReset.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.emailVerify.limit': { default: 10, min: 1, max: 1_000_000 },
  'rateLimit.emailVerify.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  'rateLimit.mfa.limit': { default: 20, min: 1, max: 1_000_000 },
  'rateLimit.mfa.ttlSeconds': { default: 60, min: 1, max: 86_400 },
  maxBodyBytes: { default: 16_384, min: 1024, max: 10_485_760 },
  'signing.algorithm': {
    default: 'HS256' as SigningAlgorithm,
    oneOf: SIGNING_ALGORITHMS,
  },
  verifiedTokenCacheMaxEntries: { default: 10_000, min: 0, max: 10_000_000 },
  // One core stays free for the event loop: argon2 on every core starves every other request.
  'passwordHashing.maxConcurrent': {
    default: () => Math.max(1, availableParallelism() - 1),
    min: 1,
    max: 256,
    shownAs: 'cores - 1',
  },
  // About a second of argon2 work at OWASP cost.
  'passwordHashing.maxQueued': { default: 32, min: 0, max: 100_000 },
  auditRetentionDays: { default: 365, min: 1, max: 36_500 },
  passwordResetTtlSeconds: { default: 1800, min: 60, max: 86_400 },
  emailVerificationTtlSeconds: {
    default: 86_400,
    min: 300,
    max: 30 * 86_400,
  },
  invitationTtlSeconds: { default: 7 * 86_400, min: 300, max: 90 * 86_400 },
  mfaTokenTtlSeconds: { default: 300, min: 30, max: 3600 },
  requireVerifiedEmail: { default: false },
  allowSelfRegistration: { default: true },
  'mail.from': { default: 'Tokenward <no-reply@localhost>' },
  'mail.pollIntervalMs': { default: 10_000, min: 100, max: 3_600_000 },
  'mail.maxAttempts': { default: 10, min: 1, max: 100 },
  'mailPerAddressLimit.limit': { default: 3, min: 1, max: 1000 },
  'mailPerAddressLimit.windowSeconds': { default: 900, min: 1, max: 86_400 },
  'webauthn.rpName': { default: 'Tokenward' },
  'webauthn.challengeTtlSeconds': { default: 300, min: 30, max: 600 },
  'webauthn.passwordless': { default: false },
  'totp.issuer': { default: 'Tokenward' },
  'mfa.required': {
    default: 'optional',
    oneOf: ['optional', 'roles', 'all'] as const,
  },
  'mfa.roles': { default: ['admin'] as readonly string[] },
} as const satisfies OptionTable;

/** Defaults of the module-shaping options (see `AuthModuleExtras`). */
export const AUTH_MODULE_EXTRAS_DEFAULTS: Required<AuthModuleExtras> = {
  isGlobal: true,
  storage: 'memory',
  mongoose: { collectionPrefix: DEFAULT_COLLECTION_PREFIX },
  routePrefix: 'auth',
  mountControllers: true,
  globalErrorFilter: false,
  providers: [],
};
