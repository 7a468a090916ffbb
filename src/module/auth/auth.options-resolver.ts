import {
  AuthConfig,
  type RefreshTokenCookieSettings,
  type AccountLinkPaths,
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
  'passwordForgot',
  'passwordReset',
  'emailVerify',
];

/** Links point at the host's development server unless told otherwise (refused in production). */
const DEVELOPMENT_APP_URL = 'http://localhost:3000';

const DEFAULT_LINK_PATHS: AccountLinkPaths = {
  passwordReset: '/reset-password',
  invitation: '/accept-invitation',
  emailVerification: '/verify-email',
  emailChange: '/confirm-email',
};

/** Validates options and fills in defaults; throws `TokenwardConfigError` listing every problem. */
export function resolveAuthOptions(
  options: AuthModuleOptions,
  /** The module's route prefix: the refresh-token cookie's default `Path`. */
  routePrefix = 'auth',
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
  for (const name of [
    'sessionIdleTimeoutSeconds',
    'sessionMaxLifetimeSeconds',
  ] as const) {
    if (v[name] > 0 && v[name] <= v.accessTokenTtlSeconds) {
      problems.push(
        `${name} must be 0 (off) or greater than accessTokenTtlSeconds`,
      );
    }
  }
  const refreshTokenCookie = checkRefreshTokenCookie(
    options,
    v,
    routePrefix,
    problems,
  );
  const introspectionClients = checkClients(v.introspectionClients, problems);
  const skip = checkSkipFunction(options?.shouldSkipAuthentication, problems);
  const links = checkLinks(
    options,
    problems,
    process.env.NODE_ENV === 'production',
  );
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
    sessionIdleTimeoutSeconds: v.sessionIdleTimeoutSeconds,
    sessionMaxLifetimeSeconds: v.sessionMaxLifetimeSeconds,
    refreshTokenCookie,
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
    appUrl: links.appUrl,
    passwordResetTtlSeconds: v.passwordResetTtlSeconds,
    emailVerificationTtlSeconds: v.emailVerificationTtlSeconds,
    invitationTtlSeconds: v.invitationTtlSeconds,
    requireVerifiedEmail: v.requireVerifiedEmail,
    allowSelfRegistration: v.allowSelfRegistration,
    mail: {
      from: v['mail.from'],
      smtpUrl: links.smtpUrl,
      pollIntervalMs: v['mail.pollIntervalMs'],
      maxAttempts: v['mail.maxAttempts'],
      linkPaths: links.linkPaths,
    },
    mailPerAddressLimit:
      options.mailPerAddressLimit === false
        ? null
        : {
            maxFailures: v['mailPerAddressLimit.limit'],
            windowMs: seconds(v['mailPerAddressLimit.windowSeconds']),
            lockMs: seconds(v['mailPerAddressLimit.windowSeconds']),
          },
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

/** A cookie name or attribute value: RFC 6265 token characters only. */
const COOKIE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;

function checkRefreshTokenCookie(
  options: AuthModuleOptions,
  v: {
    readonly 'refreshTokenCookie.name': string;
    readonly 'refreshTokenCookie.secure': boolean;
    readonly 'refreshTokenCookie.allowedOrigins': readonly string[];
  },
  routePrefix: string,
  problems: string[],
): RefreshTokenCookieSettings | null {
  const given = options?.refreshTokenCookie;
  if (given === undefined || given === false) return null;
  if (given !== true && (typeof given !== 'object' || given === null)) {
    problems.push('refreshTokenCookie must be true, false or an object');
    return null;
  }
  const settings = given === true ? {} : given;
  const name = v['refreshTokenCookie.name'];
  if (!COOKIE_TOKEN.test(name) || name === 'tokenward_csrf') {
    problems.push(
      "refreshTokenCookie.name must be a cookie name (letters, digits, !#$%&'*+-.^_`|~) other than tokenward_csrf",
    );
  }
  const domain: unknown = settings.domain;
  if (
    domain !== undefined &&
    (typeof domain !== 'string' || !/^\.?[A-Za-z0-9.-]{1,253}$/.test(domain))
  ) {
    problems.push('refreshTokenCookie.domain must be a host name');
  }
  const path: unknown =
    settings.path ?? `/${routePrefix.replace(/^\/+|\/+$/g, '')}`;
  if (typeof path !== 'string' || !/^\/[\w\-./]*$/.test(path)) {
    problems.push(
      'refreshTokenCookie.path must be a path starting with "/" (letters, digits, "-", "_", ".", "/")',
    );
  }
  const origins: string[] = [];
  const listed: unknown = v['refreshTokenCookie.allowedOrigins'];
  for (const origin of Array.isArray(listed) ? (listed as unknown[]) : [null]) {
    const parsed = typeof origin === 'string' ? parseOrigin(origin) : null;
    if (parsed === null) {
      problems.push(
        'refreshTokenCookie.allowedOrigins must list origins like https://app.example.com (scheme, host, optional port; no path)',
      );
      break;
    }
    origins.push(parsed);
  }
  if (Array.isArray(listed) && listed.length === 0) {
    problems.push(
      'refreshTokenCookie.allowedOrigins must list at least one origin (where the app is served from)',
    );
  }
  return {
    name,
    domain: typeof domain === 'string' ? domain : null,
    path: typeof path === 'string' ? path : '/',
    secure: v['refreshTokenCookie.secure'],
    allowedOrigins: origins,
  };
}

/** `scheme://host[:port]` as browsers send it in `Origin`, or null. */
function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.origin !== value.replace(/\/$/, '')) return null;
    return url.origin;
  } catch {
    return null;
  }
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

/**
 * Where account mails link to and how they leave: `appUrl` (required with NODE_ENV=production: a
 * link to a development host in a real mail would be broken, or hijackable), `mail.smtpUrl` (with
 * `mail.from`) and `mail.linkPaths`.
 */
function checkLinks(
  options: AuthModuleOptions,
  problems: string[],
  production: boolean,
): { appUrl: string; smtpUrl: string | null; linkPaths: AccountLinkPaths } {
  const appUrl = checkUrl(
    'appUrl',
    options.appUrl,
    ['http:', 'https:'],
    problems,
  );
  if (appUrl === null && production) {
    problems.push('appUrl is required when NODE_ENV=production');
  }
  const smtpUrl = checkUrl(
    'mail.smtpUrl',
    options.mail?.smtpUrl,
    ['smtp:', 'smtps:'],
    problems,
  );
  if (smtpUrl !== null && options.mail?.from === undefined) {
    problems.push('mail.from is required with mail.smtpUrl');
  }
  const linkPaths = { ...DEFAULT_LINK_PATHS };
  for (const key of Object.keys(DEFAULT_LINK_PATHS) as Array<
    keyof AccountLinkPaths
  >) {
    const given: unknown = options.mail?.linkPaths?.[key];
    if (given === undefined) continue;
    if (typeof given !== 'string' || !/^\/[\w\-./]*$/.test(given)) {
      problems.push(
        `mail.linkPaths.${key} must be a path starting with "/" (letters, digits, "-", "_", ".", "/")`,
      );
    } else {
      linkPaths[key] = given;
    }
  }
  return {
    appUrl: (appUrl ?? DEVELOPMENT_APP_URL).replace(/\/+$/, ''),
    smtpUrl,
    linkPaths,
  };
}

function checkUrl(
  name: string,
  value: unknown,
  protocols: readonly string[],
  problems: string[],
): string | null {
  if (value === undefined) return null;
  let url: URL | null;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (url === null || !protocols.includes(url.protocol)) {
    // Never the value: an SMTP URL may carry a password.
    problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    return null;
  }
  return value as string;
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
