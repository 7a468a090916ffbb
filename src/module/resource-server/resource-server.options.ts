import type { Provider } from '@nestjs/common';
import type { JwksAlgorithm } from '../../infrastructure/remote/jwks-access-token.verifier.js';
import type { ShouldSkipAuthentication } from '../../interface/http/guards/skip-authentication.js';
import type { IntegerOption, OptionTable } from '../shared/shared.options.js';

/** Verify tokens locally against the auth service's published keys (RFC 7517 JWKS). */
export interface JwksVerificationOptions {
  mode: 'jwks';
  /** The auth service's key set, e.g. `https://auth.example.com/auth/.well-known/jwks.json`. */
  jwksUrl: string | URL;
  /** Accepted `alg` values; `none` and HMAC never. */
  algorithms?: JwksAlgorithm[];
  /** Keys older than this (ms) are fetched again before use. */
  cacheMaxAgeMs?: number;
  /** Least time (ms) between two fetches caused by an unknown `kid`. */
  cooldownMs?: number;
  /** Timeout (ms) of a key-set fetch. */
  timeoutMs?: number;
  /** Bound of the cache of already-verified tokens (LRU); 0 disables it. */
  cacheMaxEntries?: number;
}

/** Ask the auth service about every token (RFC 7662 introspection, HTTP Basic client auth). */
export interface IntrospectionVerificationOptions {
  mode: 'introspection';
  /** The auth service's introspection endpoint, e.g. `https://auth.example.com/auth/introspect`. */
  introspectionUrl: string | URL;
  /** One of the auth app's `introspectionClients`. */
  clientId: string;
  /** That client's secret, at least 32 bytes. */
  clientSecret: string;
  /** How long (ms) an answer is reused (never past the token's `exp`); 0 asks every time. */
  cacheTtlMs?: number;
  /** Timeout (ms) of an introspection call. */
  timeoutMs?: number;
  /** Bound of the answer cache (LRU). */
  cacheMaxEntries?: number;
}

/**
 * Shared Signals receiver (JWKS mode only): subscribe to the auth app's SSF transmitter and
 * refuse, within about one poll interval, the tokens its security events revoke (logout, session
 * end, rotations, password change, deactivation, role change). The auth app must have `issuer`
 * set to its URL and a confidential client with the `ssf.manage` scope.
 */
export interface SsfReceiverOptions {
  /** The receiver's client id at the auth app (a `clients` entry with scope `ssf.manage`). */
  clientId: string;
  /** That client's secret, at least 32 bytes. */
  clientSecret: string;
  /** Time (ms) between two polls of the stream. */
  pollIntervalMs?: number;
  /**
   * The auth app's access-token lifetime (its `accessTokenTtlSeconds`) or more: how long a
   * revocation is remembered. Tokens that claim a longer lifetime are refused.
   */
  maxTokenLifetimeSeconds?: number;
  /** Timeout (ms) of each call to the transmitter. */
  timeoutMs?: number;
}

/**
 * Options of `TokenwardResourceServerModule.forRoot` / the factory of `forRootAsync`. Defaults and
 * accepted ranges: the option tables below, the one place each is written.
 */
export interface ResourceServerModuleOptions {
  /** `iss` the auth app puts in its tokens (its `issuer` option). Required. */
  issuer: string;
  /** `aud` the auth app puts in its tokens (its `audience` option). Required. */
  audience: string;
  /** Allowed clock skew for `exp` / `iat`, in seconds. */
  clockToleranceSeconds?: number;
  /** How tokens are checked: `{ mode: 'jwks', ... }` or `{ mode: 'introspection', ... }`. */
  verification: JwksVerificationOptions | IntrospectionVerificationOptions;
  /** Shared Signals receiver: `{ clientId, clientSecret, pollIntervalMs }` (JWKS mode only). */
  ssf?: SsfReceiverOptions;
  /** Requests `JwtAuthGuard` lets through without a token, e.g. `(m, p) => p === '/health'`. */
  shouldSkipAuthentication?: ShouldSkipAuthentication;
}

/** Options that shape the resource-server module; accepted by `forRoot` and `forRootAsync`. */
export interface ResourceServerModuleExtras {
  /** Register the module globally so any host module can use its guards. */
  isGlobal?: boolean;
  /** Providers appended last, e.g. to replace `Clock` or `RemoteAccessTokenVerifier`. */
  providers?: Provider[];
}

/** `verification.algorithms` when not set: every asymmetric algorithm the auth app signs with. */
export const JWKS_ALGORITHMS: readonly JwksAlgorithm[] = ['EdDSA', 'ES256'];

/** Defaults and ranges of the options both verification modes share. */
export const RESOURCE_SERVER_OPTION_TABLE = {
  clockToleranceSeconds: { default: 5, min: 0, max: 300 },
} as const satisfies OptionTable;

const TIMEOUT_MS = {
  default: 2000,
  min: 100,
  max: 60_000,
} as const satisfies IntegerOption;

/** Defaults and ranges of `{ mode: 'jwks' }`. */
export const JWKS_OPTION_TABLE = {
  'verification.cacheMaxAgeMs': { default: 60_000, min: 100, max: 86_400_000 },
  // A cooldown past the key cache's age would hold back a fetch the age already asks for.
  'verification.cooldownMs': {
    default: (resolved) =>
      Math.min(1000, resolved['verification.cacheMaxAgeMs']!),
    min: 0,
    max: (resolved) => resolved['verification.cacheMaxAgeMs']!,
  },
  'verification.timeoutMs': TIMEOUT_MS,
  // 0 turns the verified-token cache off.
  'verification.cacheMaxEntries': { default: 10_000, min: 0, max: 10_000_000 },
} as const satisfies OptionTable;

/** Defaults and ranges of `ssf`. */
export const SSF_RECEIVER_OPTION_TABLE = {
  'ssf.pollIntervalMs': { default: 1000, min: 100, max: 60_000 },
  // The auth app's default accessTokenTtlSeconds, and its range.
  'ssf.maxTokenLifetimeSeconds': { default: 900, min: 10, max: 86_400 },
  'ssf.timeoutMs': TIMEOUT_MS,
} as const satisfies OptionTable;

/** Defaults and ranges of `{ mode: 'introspection' }`. */
export const INTROSPECTION_OPTION_TABLE = {
  'verification.cacheTtlMs': { default: 1000, min: 0, max: 30_000 },
  'verification.timeoutMs': TIMEOUT_MS,
  // Introspection always caches (for at most `cacheTtlMs`), so at least one entry.
  'verification.cacheMaxEntries': { default: 10_000, min: 1, max: 10_000_000 },
} as const satisfies OptionTable;

/** Defaults of the module-shaping options (see `ResourceServerModuleExtras`). */
export const RESOURCE_SERVER_EXTRAS_DEFAULTS: Required<ResourceServerModuleExtras> =
  {
    isGlobal: true,
    providers: [],
  };
