import { availableParallelism } from 'node:os';
import type { Provider } from '@nestjs/common';
import {
  AuthConfig,
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  type IntrospectionClient,
  type IntrospectionLockout,
  type RateLimit,
  type RateLimitedRoute,
} from './application/auth-config.js';
import {
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './domain/entities/signing-key-ring.entity.js';
import type { LockoutPolicy } from './domain/ports/login-attempt.repository.js';
import { DEFAULT_PASSWORD_POLICY } from './domain/policies/password.policy.js';
import { OptionChecker } from './option-checker.js';
import {
  resolveAccountOptions,
  type AccountOptionsInput,
} from './account-options.js';
import type { ShouldSkipAuthentication } from './interface/http/guards/skip-authentication.js';
import {
  OWASP_ARGON2_OPTIONS,
  type Argon2Options,
} from './infrastructure/crypto/argon2-password.hasher.js';
import type { MongoosePersistenceOptions } from './infrastructure/persistence/mongoose/mongoose-persistence.options.js';

/** Options of `AuthModule.forRoot` / the factory of `forRootAsync`. */
export interface AuthModuleOptions {
  /** Master secret, at least 32 bytes. Per-purpose signing keys are derived from it (HKDF). */
  secret: string | Buffer;
  /** `iss` of issued tokens, required on verification. Default `tokenward`. */
  issuer?: string;
  /** `aud` of issued tokens, required on verification. Default `tokenward`. */
  audience?: string;
  /** Access-token lifetime. Default 900 (15 min). */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime, renewed at every rotation. Default 2,592,000 (30 days). */
  refreshTokenTtlSeconds?: number;
  /** Window in which replaying the just-rotated refresh token is a retry, not theft. Default 10. */
  refreshReuseIntervalSeconds?: number;
  /** Default grace period of a global rotation. Default 300. */
  globalGracePeriodSeconds?: number;
  /** Password policy. Defaults: minLength 8 characters, maxBytes 1024 (UTF-8). */
  password?: { minLength?: number; maxBytes?: number };
  /** argon2id cost. Default OWASP: memoryCost 19456 KiB, timeCost 2, parallelism 1. */
  argon2?: Partial<Argon2Options>;
  /** Roles given to self-registered users. Default `['user']`. */
  defaultRoles?: string[];
  /**
   * Clients allowed to call `POST /auth/introspect` (HTTP Basic), each with a `clientSecret` of
   * at least 32 bytes. Default none.
   */
  introspectionClients?: IntrospectionClient[];
  /**
   * Failed introspection-client authentications, counted in storage (shared by every instance on
   * MongoDB). A source (IP) with `maxFailuresPerSource` failures within `windowSeconds` is refused
   * for `lockoutSeconds` with 429 `too_many_attempts` + `Retry-After`, right secret or not. A
   * client id with `maxFailuresPerClient` failures (from any sources) is, for as long, refused to
   * every source that failed within its window, while a source without failures (the real client)
   * is still served. Defaults 10 / 100 / 60 / 60. `false` disables.
   */
  introspectionLockout?:
    | false
    | {
        maxFailuresPerSource?: number;
        maxFailuresPerClient?: number;
        windowSeconds?: number;
        lockoutSeconds?: number;
      };
  /** How often revocation state is polled from storage (multi-instance bound). Default 1000. */
  revocationCacheRefreshMs?: number;
  /** Age past which, if storage cannot be reached, validation fails closed (503). Default 10000. */
  revocationMaxStalenessMs?: number;
  /** How far back each poll re-reads to cover clock skew between instances. Default 5000. */
  revocationPollOverlapMs?: number;
  /**
   * Longest wait for any one storage call (every repository method, the module's adapters and a
   * host's alike): past it the call counts as failed, 503 `storage_unavailable`. Default 2000.
   */
  storageTimeoutMs?: number;
  /** Max users kept in the revocation cache (LRU). Default 100000. */
  userCacheMaxEntries?: number;
  /** Allowed clock skew for `exp`/`iat` checks, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /**
   * Failed-login lockout per account (or per unknown identifier, alike): after `maxFailures`
   * failures within `windowSeconds`, logins answer 429 for `lockoutSeconds`. Defaults 5 / 900 /
   * 900. `false` disables it.
   */
  loginLockout?:
    | false
    | { maxFailures?: number; windowSeconds?: number; lockoutSeconds?: number };
  /**
   * Per-client (IP) rate limits, each `{ limit, ttlSeconds }`. Defaults: login 20/60 s, register
   * 10/60 s, refresh 60/60 s, passwordForgot 5/60 s, passwordReset 10/60 s, emailVerify 10/60 s.
   * `false` disables them.
   */
  rateLimit?:
    | false
    | Partial<
        Record<RateLimitedRoute, { limit?: number; ttlSeconds?: number }>
      >;
  /** Largest request body Tokenward's routes accept (413 beyond). Default 16384. */
  maxBodyBytes?: number;
  /**
   * Access-token signing. `algorithm` of new keys: `HS256` (default; the key is derived from the
   * secret and never leaves the process), or `EdDSA` (Ed25519) / `ES256` (P-256), whose public keys
   * are published at `GET /auth/.well-known/jwks.json` so other services can verify tokens. The
   * active key signs; retired keys verify until their tokens expire. After changing the algorithm,
   * a signing-key rotation (`POST /auth/admin/rotations/keys`, `tokenward rotate-keys`) switches.
   */
  signing?: { algorithm?: SigningAlgorithm };
  /**
   * `(method, path) => boolean`: requests it returns true for pass `JwtAuthGuard` without a token,
   * like `@Public()`, for routes a host cannot decorate (health checks, metrics). `path` is raw
   * (no query string, percent-encoding kept): match exact paths. Default none.
   */
  shouldSkipAuthentication?: ShouldSkipAuthentication;
  /**
   * Bound on the cache of already-verified access tokens (LRU keyed by the token string; an entry
   * never outlives its token's `exp`; revocation is still checked on every request). Default
   * 10000; 0 disables it.
   */
  verifiedTokenCacheMaxEntries?: number;
  /**
   * Argon2 concurrency gate: at most `maxConcurrent` hashes at once (default: the cores this
   * process may use minus one, at least 1, so the event loop keeps a core) and `maxQueued` waiting
   * (default 32, about a second of argon2 work at OWASP cost); beyond, login and register answer
   * 503 `server_busy` with `Retry-After` instead of queueing without bound.
   */
  passwordHashing?: { maxConcurrent?: number; maxQueued?: number };
  /**
   * How long audit records (rotations, deactivations, reuse detections, ...) are kept, in days:
   * a TTL index deletes them afterwards on MongoDB; the memory store drops them as new ones come.
   * Default 365.
   */
  auditRetentionDays?: number;
  /**
   * Base URL of the app the account mails link to (reset, verification, invitation): the link is
   * this + `mail.linkPaths` + `?token=`. Default `http://localhost:3000`; required with
   * NODE_ENV=production.
   */
  appUrl?: AccountOptionsInput['appUrl'];
  /** Lifetime of a password-reset link. Default 1800 (30 min). */
  passwordResetTtlSeconds?: number;
  /** Lifetime of an email-verification or email-change link. Default 86400 (1 day). */
  emailVerificationTtlSeconds?: number;
  /** Lifetime of an invitation (set-password) link. Default 604800 (7 days). */
  invitationTtlSeconds?: number;
  /**
   * Refuse login of unverified addresses (403 `email_not_verified`, after the password is right)
   * and answer registration 202 alike whether the username or address is taken. Default false.
   */
  requireVerifiedEmail?: boolean;
  /** `POST /auth/register` is open. Default true; false answers 403 (admins create accounts). */
  allowSelfRegistration?: boolean;
  /**
   * How account mails are sent: `smtpUrl` (`smtp://` or `smtps://`, through nodemailer) and
   * `from`; without `smtpUrl`, a logging mailer that prints them (refused with
   * NODE_ENV=production). `pollIntervalMs` (default 10000): how often each instance sends due
   * mails (retries, mails queued elsewhere); `maxAttempts` (default 10); `linkPaths`.
   */
  mail?: AccountOptionsInput['mail'];
  /**
   * Mails asked for per recipient address (forgot, resend, email change) in `windowSeconds`, on
   * every instance (counted in storage): beyond, 429 `rate_limited`. Default 3 per 900 s; `false`
   * disables it.
   */
  mailPerAddressLimit?: AccountOptionsInput['mailPerAddressLimit'];
}

/** Options that shape the module itself; accepted by both `forRoot` and `forRootAsync`. */
export interface AuthModuleExtras {
  /** Register the module globally so any host module can use its guards. Default true. */
  isGlobal?: boolean;
  /**
   * Where users, sessions and rotation state live. Default `memory` (one process only);
   * `mongoose` uses the host's `MongooseModule.forRoot(uri)` connection.
   */
  storage?: 'memory' | 'mongoose';
  /** With `storage: 'mongoose'`: the connection name and collection prefix (default `tokenward_`). */
  mongoose?: MongoosePersistenceOptions;
  /** Prefix of the module's routes. Default `auth`. */
  routePrefix?: string;
  /** Mount the module's HTTP controllers. Default true; false keeps only guards and the buses. */
  mountControllers?: boolean;
  /**
   * Also render every error of the whole app (host routes, body-parser errors, 404s) in
   * Tokenward's `{ statusCode, error, code, message }` format, without stack traces, by
   * registering `AuthExceptionFilter` as a global filter. Default false: a guest module does not
   * take over the host's error handling unless asked.
   */
  globalErrorFilter?: boolean;
  /** Providers appended last, so a host can replace any port (repositories, hasher, clock). */
  providers?: Provider[];
}

/** Everything derived from the options at start-up. */
export interface ResolvedAuthOptions {
  readonly config: AuthConfig;
  readonly secret: Buffer;
  readonly argon2: Argon2Options;
  /** The argon2 concurrency gate's bounds. */
  readonly passwordHashing: {
    readonly maxConcurrent: number;
    readonly maxQueued: number;
  };
  readonly clockToleranceSeconds: number;
  readonly shouldSkipAuthentication: ShouldSkipAuthentication | null;
}

/** Thrown at start-up when the module options are unusable; lists every problem at once. */
export class TokenwardConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Tokenward options:\n - ${problems.join('\n - ')}`);
    this.name = 'TokenwardConfigError';
  }
}

const MIN_SECRET_BYTES = 32;

/**
 * Shortest introspection client secret, in UTF-8 bytes (the resource-server module asks the
 * same): 256 bits when random, beyond any online guessing the lockout leaves room for.
 */
export const MIN_CLIENT_SECRET_BYTES = 32;

/** Validates options and fills in defaults; throws `TokenwardConfigError` listing every problem. */
export function resolveAuthOptions(
  options: AuthModuleOptions,
): ResolvedAuthOptions {
  const problems: string[] = [];
  const check = new OptionChecker(problems);
  const secret = secretBytes(options?.secret);
  if (secret === null) {
    problems.push(
      'secret is required (a string or Buffer of at least 32 bytes)',
    );
  } else if (secret.length < MIN_SECRET_BYTES) {
    problems.push(
      `secret must be at least ${MIN_SECRET_BYTES} bytes (got ${secret.length})`,
    );
  }
  const accessTtl = check.int(
    'accessTokenTtlSeconds',
    options.accessTokenTtlSeconds,
    900,
    10,
    86_400,
  );
  const refreshTtl = check.int(
    'refreshTokenTtlSeconds',
    options.refreshTokenTtlSeconds,
    DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    60,
    400 * 86_400,
  );
  if (refreshTtl <= accessTtl) {
    problems.push(
      'refreshTokenTtlSeconds must be greater than accessTokenTtlSeconds',
    );
  }
  const minLength = check.int(
    'password.minLength',
    options.password?.minLength,
    DEFAULT_PASSWORD_POLICY.minLength,
    1,
    1024,
  );
  const maxBytes = check.int(
    'password.maxBytes',
    options.password?.maxBytes,
    DEFAULT_PASSWORD_POLICY.maxBytes,
    8,
    4096,
  );
  if (maxBytes < minLength)
    problems.push('password.maxBytes must be >= password.minLength');
  const argon2: Argon2Options = {
    memoryCost: check.int(
      'argon2.memoryCost',
      options.argon2?.memoryCost,
      OWASP_ARGON2_OPTIONS.memoryCost,
      1024,
      4_194_304,
    ),
    timeCost: check.int(
      'argon2.timeCost',
      options.argon2?.timeCost,
      OWASP_ARGON2_OPTIONS.timeCost,
      1,
      100,
    ),
    parallelism: check.int(
      'argon2.parallelism',
      options.argon2?.parallelism,
      OWASP_ARGON2_OPTIONS.parallelism,
      1,
      64,
    ),
  };
  const refreshMs = check.int(
    'revocationCacheRefreshMs',
    options.revocationCacheRefreshMs,
    1000,
    50,
    60_000,
  );
  const clockToleranceSeconds = check.int(
    'clockToleranceSeconds',
    options.clockToleranceSeconds,
    5,
    0,
    300,
  );
  const config = new AuthConfig({
    issuer: check.text('issuer', options.issuer, 'tokenward'),
    audience: check.text('audience', options.audience, 'tokenward'),
    accessTokenTtlSeconds: accessTtl,
    refreshTokenTtlSeconds: refreshTtl,
    refreshReuseIntervalSeconds: check.int(
      'refreshReuseIntervalSeconds',
      options.refreshReuseIntervalSeconds,
      10,
      0,
      300,
    ),
    globalGracePeriodSeconds: check.int(
      'globalGracePeriodSeconds',
      options.globalGracePeriodSeconds,
      300,
      0,
      refreshTtl,
    ),
    passwordPolicy: { minLength, maxBytes },
    defaultRoles: options.defaultRoles ?? ['user'],
    introspectionClients: checkClients(
      options.introspectionClients ?? [],
      problems,
    ),
    clockToleranceSeconds,
    revocationCacheRefreshMs: refreshMs,
    revocationMaxStalenessMs: check.int(
      'revocationMaxStalenessMs',
      options.revocationMaxStalenessMs,
      10_000,
      refreshMs * 2,
      3_600_000,
    ),
    revocationPollOverlapMs: check.int(
      'revocationPollOverlapMs',
      options.revocationPollOverlapMs,
      5000,
      0,
      600_000,
    ),
    storageTimeoutMs: check.int(
      'storageTimeoutMs',
      options.storageTimeoutMs,
      2000,
      50,
      600_000,
    ),
    loginLockout: checkLockout(options.loginLockout, check),
    introspectionLockout: checkIntrospectionLockout(
      options.introspectionLockout,
      check,
    ),
    rateLimits: checkRateLimits(options.rateLimit, check),
    verifiedTokenCacheMaxEntries: check.int(
      'verifiedTokenCacheMaxEntries',
      options.verifiedTokenCacheMaxEntries,
      10_000,
      0,
      10_000_000,
    ),
    signingAlgorithm: checkSigningAlgorithm(options.signing, problems),
    maxBodyBytes: check.int(
      'maxBodyBytes',
      options.maxBodyBytes,
      16_384,
      1024,
      10_485_760,
    ),
    userCacheMaxEntries: check.int(
      'userCacheMaxEntries',
      options.userCacheMaxEntries,
      100_000,
      1,
      10_000_000,
    ),
    auditRetentionDays: check.int(
      'auditRetentionDays',
      options.auditRetentionDays,
      365,
      1,
      36_500,
    ),
    ...resolveAccountOptions(
      options,
      check,
      process.env.NODE_ENV === 'production',
    ),
  });
  const maxConcurrent = check.int(
    'passwordHashing.maxConcurrent',
    options.passwordHashing?.maxConcurrent,
    // One core stays free for the event loop: argon2 on every core starves every other request.
    Math.max(1, availableParallelism() - 1),
    1,
    256,
  );
  const passwordHashing = {
    maxConcurrent,
    maxQueued: check.int(
      'passwordHashing.maxQueued',
      options.passwordHashing?.maxQueued,
      32,
      0,
      100_000,
    ),
  };
  const skip = options.shouldSkipAuthentication;
  if (skip !== undefined && typeof skip !== 'function') {
    problems.push(
      'shouldSkipAuthentication must be a function (method, path) => boolean',
    );
  }
  if (problems.length > 0) throw new TokenwardConfigError(problems);
  return {
    config,
    secret: secret as Buffer,
    argon2,
    passwordHashing,
    clockToleranceSeconds,
    shouldSkipAuthentication: skip ?? null,
  };
}

function checkSigningAlgorithm(
  value: AuthModuleOptions['signing'],
  problems: string[],
): SigningAlgorithm {
  const algorithm: unknown = value?.algorithm ?? 'HS256';
  if (SIGNING_ALGORITHMS.includes(algorithm as SigningAlgorithm)) {
    return algorithm as SigningAlgorithm;
  }
  problems.push(
    `signing.algorithm must be one of ${SIGNING_ALGORITHMS.join(', ')}`,
  );
  return 'HS256';
}

function checkLockout(
  value: AuthModuleOptions['loginLockout'],
  check: OptionChecker,
): LockoutPolicy | null {
  if (value === false) return null;
  return {
    maxFailures: check.int(
      'loginLockout.maxFailures',
      value?.maxFailures,
      5,
      1,
      1000,
    ),
    windowMs:
      check.int(
        'loginLockout.windowSeconds',
        value?.windowSeconds,
        900,
        1,
        86_400,
      ) * 1000,
    lockMs:
      check.int(
        'loginLockout.lockoutSeconds',
        value?.lockoutSeconds,
        900,
        1,
        86_400,
      ) * 1000,
  };
}

function checkIntrospectionLockout(
  value: AuthModuleOptions['introspectionLockout'],
  check: OptionChecker,
): IntrospectionLockout | null {
  if (value === false) return null;
  const windowMs =
    check.int(
      'introspectionLockout.windowSeconds',
      value?.windowSeconds,
      60,
      1,
      86_400,
    ) * 1000;
  const lockMs =
    check.int(
      'introspectionLockout.lockoutSeconds',
      value?.lockoutSeconds,
      60,
      1,
      86_400,
    ) * 1000;
  return {
    perSource: {
      maxFailures: check.int(
        'introspectionLockout.maxFailuresPerSource',
        value?.maxFailuresPerSource,
        10,
        1,
        100_000,
      ),
      windowMs,
      lockMs,
    },
    perClient: {
      maxFailures: check.int(
        'introspectionLockout.maxFailuresPerClient',
        value?.maxFailuresPerClient,
        100,
        1,
        1_000_000,
      ),
      windowMs,
      lockMs,
    },
  };
}

const RATE_LIMIT_DEFAULTS: Record<
  RateLimitedRoute,
  { limit: number; ttlSeconds: number }
> = {
  login: { limit: 20, ttlSeconds: 60 },
  register: { limit: 10, ttlSeconds: 60 },
  refresh: { limit: 60, ttlSeconds: 60 },
  passwordForgot: { limit: 5, ttlSeconds: 60 },
  passwordReset: { limit: 10, ttlSeconds: 60 },
  emailVerify: { limit: 10, ttlSeconds: 60 },
};

function checkRateLimits(
  value: AuthModuleOptions['rateLimit'],
  check: OptionChecker,
): Record<RateLimitedRoute, RateLimit> | null {
  if (value === false) return null;
  const routes = Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitedRoute[];
  return Object.fromEntries(
    routes.map((route) => {
      const given = value?.[route];
      const fallback = RATE_LIMIT_DEFAULTS[route];
      return [
        route,
        {
          limit: check.int(
            `rateLimit.${route}.limit`,
            given?.limit,
            fallback.limit,
            1,
            1_000_000,
          ),
          ttlMs:
            check.int(
              `rateLimit.${route}.ttlSeconds`,
              given?.ttlSeconds,
              fallback.ttlSeconds,
              1,
              86_400,
            ) * 1000,
        },
      ];
    }),
  ) as Record<RateLimitedRoute, RateLimit>;
}

function secretBytes(secret: unknown): Buffer | null {
  if (typeof secret === 'string') return Buffer.from(secret, 'utf8');
  if (Buffer.isBuffer(secret)) return secret;
  return null;
}

function checkClients(
  clients: IntrospectionClient[],
  problems: string[],
): IntrospectionClient[] {
  const seen = new Set<string>();
  for (const client of clients) {
    if (
      typeof client?.clientId !== 'string' ||
      !/^[\w.-]{1,128}$/.test(client.clientId)
    ) {
      problems.push(
        'introspectionClients[].clientId must be 1-128 letters, digits, ".", "_" or "-"',
      );
      continue;
    }
    if (
      typeof client.clientSecret !== 'string' ||
      Buffer.byteLength(client.clientSecret, 'utf8') < MIN_CLIENT_SECRET_BYTES
    ) {
      problems.push(
        `introspection client "${client.clientId}" needs a clientSecret of at least ${MIN_CLIENT_SECRET_BYTES} bytes`,
      );
    }
    if (seen.has(client.clientId))
      problems.push(
        `introspection client "${client.clientId}" is listed twice`,
      );
    seen.add(client.clientId);
  }
  return clients.map((c) => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
  }));
}
