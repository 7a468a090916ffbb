import {
  AuthConfig,
  type IntrospectionClient,
  type RateLimit,
  type RateLimitedRoute,
} from '../../application/auth-config.js';
import type { Argon2Options } from '../../infrastructure/crypto/argon2-password.hasher.js';
import type { ShouldSkipAuthentication } from '../../interface/http/guards/skip-authentication.js';
import {
  checkSkipFunction,
  CLIENT_ID_RULE,
  isClientId,
  isClientSecret,
  MIN_CLIENT_SECRET_BYTES,
  readOptionTable,
} from '../shared/shared.options.js';
import { TokenwardConfigError } from '../shared/tokenward-config.error.js';
import { AUTH_OPTION_TABLE, type AuthModuleOptions } from './auth.options.js';

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

const MIN_SECRET_BYTES = 32;

const RATE_LIMITED_ROUTES: readonly RateLimitedRoute[] = [
  'login',
  'register',
  'refresh',
];

/** Validates options and fills in defaults; throws `TokenwardConfigError` listing every problem. */
export function resolveAuthOptions(
  options: AuthModuleOptions,
): ResolvedAuthOptions {
  const problems: string[] = [];
  const secret = checkSecret(options?.secret, problems);
  const v = readOptionTable(AUTH_OPTION_TABLE, options, problems);
  if (v.refreshTokenTtlSeconds <= v.accessTokenTtlSeconds) {
    problems.push(
      'refreshTokenTtlSeconds must be greater than accessTokenTtlSeconds',
    );
  }
  if (v['password.maxBytes'] < v['password.minLength'])
    problems.push('password.maxBytes must be >= password.minLength');
  const introspectionClients = checkClients(v.introspectionClients, problems);
  const skip = checkSkipFunction(options?.shouldSkipAuthentication, problems);
  if (problems.length > 0) throw new TokenwardConfigError(problems);

  const seconds = (value: number) => value * 1000;
  const introspectionLockout = {
    windowMs: seconds(v['introspectionLockout.windowSeconds']),
    lockMs: seconds(v['introspectionLockout.lockoutSeconds']),
  };
  const config = new AuthConfig({
    issuer: v.issuer,
    audience: v.audience,
    accessTokenTtlSeconds: v.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: v.refreshTokenTtlSeconds,
    refreshReuseIntervalSeconds: v.refreshReuseIntervalSeconds,
    globalGracePeriodSeconds: v.globalGracePeriodSeconds,
    passwordPolicy: {
      minLength: v['password.minLength'],
      maxBytes: v['password.maxBytes'],
    },
    defaultRoles: v.defaultRoles,
    introspectionClients,
    clockToleranceSeconds: v.clockToleranceSeconds,
    revocationCacheRefreshMs: v.revocationCacheRefreshMs,
    revocationMaxStalenessMs: v.revocationMaxStalenessMs,
    revocationPollOverlapMs: v.revocationPollOverlapMs,
    storageTimeoutMs: v.storageTimeoutMs,
    loginLockout:
      options.loginLockout === false
        ? null
        : {
            maxFailures: v['loginLockout.maxFailures'],
            windowMs: seconds(v['loginLockout.windowSeconds']),
            lockMs: seconds(v['loginLockout.lockoutSeconds']),
          },
    introspectionLockout:
      options.introspectionLockout === false
        ? null
        : {
            perSource: {
              maxFailures: v['introspectionLockout.maxFailuresPerSource'],
              ...introspectionLockout,
            },
            perClient: {
              maxFailures: v['introspectionLockout.maxFailuresPerClient'],
              ...introspectionLockout,
            },
          },
    rateLimits:
      options.rateLimit === false
        ? null
        : (Object.fromEntries(
            RATE_LIMITED_ROUTES.map((route) => [
              route,
              {
                limit: v[`rateLimit.${route}.limit`],
                ttlMs: seconds(v[`rateLimit.${route}.ttlSeconds`]),
              },
            ]),
          ) as Record<RateLimitedRoute, RateLimit>),
    verifiedTokenCacheMaxEntries: v.verifiedTokenCacheMaxEntries,
    signingAlgorithm: v['signing.algorithm'],
    maxBodyBytes: v.maxBodyBytes,
    userCacheMaxEntries: v.userCacheMaxEntries,
    auditRetentionDays: v.auditRetentionDays,
  });
  return {
    config,
    secret: secret as Buffer,
    argon2: {
      memoryCost: v['argon2.memoryCost'],
      timeCost: v['argon2.timeCost'],
      parallelism: v['argon2.parallelism'],
    },
    passwordHashing: {
      maxConcurrent: v['passwordHashing.maxConcurrent'],
      maxQueued: v['passwordHashing.maxQueued'],
    },
    clockToleranceSeconds: v.clockToleranceSeconds,
    shouldSkipAuthentication: skip,
  };
}

function checkSecret(secret: unknown, problems: string[]): Buffer | null {
  const bytes =
    typeof secret === 'string'
      ? Buffer.from(secret, 'utf8')
      : Buffer.isBuffer(secret)
        ? secret
        : null;
  if (bytes === null) {
    problems.push(
      'secret is required (a string or Buffer of at least 32 bytes)',
    );
  } else if (bytes.length < MIN_SECRET_BYTES) {
    problems.push(
      `secret must be at least ${MIN_SECRET_BYTES} bytes (got ${bytes.length})`,
    );
  }
  return bytes;
}

function checkClients(
  clients: readonly IntrospectionClient[],
  problems: string[],
): IntrospectionClient[] {
  const seen = new Set<string>();
  for (const client of clients) {
    if (!isClientId(client?.clientId)) {
      problems.push(
        `introspectionClients[].clientId must be ${CLIENT_ID_RULE}`,
      );
      continue;
    }
    if (!isClientSecret(client.clientSecret)) {
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
