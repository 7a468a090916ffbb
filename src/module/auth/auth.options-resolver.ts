import {
  AuthConfig,
  type WebAuthnSettings,
  type RefreshTokenCookieSettings,
  type AccountLinkPaths,
  type IntrospectionClient,
  type OAuthClient,
  type RateLimit,
  type RateLimitedRoute,
} from '../../application/auth-config.js';
import {
  isMfaMaxAge,
  type MfaRequirement,
} from '../../domain/policies/mfa-requirement.policy.js';
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
import { ROLE_PATTERN } from '../../domain/value-objects/roles.js';
import {
  AUTH_OPTION_TABLE,
  type AuthModuleOptions,
  type OAuthClientOptions,
} from './auth.options.js';

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
  'mfa',
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
  const production = process.env.NODE_ENV === 'production';
  const introspectionClients = checkClients(v.introspectionClients, problems);
  const clients = checkOAuthClients(v.clients, introspectionClients, problems);
  if (!isClientId(v.firstPartyClientId)) {
    problems.push(`firstPartyClientId must be ${CLIENT_ID_RULE}`);
  } else if (clients.some((c) => c.clientId === v.firstPartyClientId)) {
    problems.push(
      `firstPartyClientId "${v.firstPartyClientId}" is also a confidential client: a public client has no secret`,
    );
  }
  const issuerUrl = checkIssuer(v.issuer, production, problems);
  const skip = checkSkipFunction(options?.shouldSkipAuthentication, problems);
  const links = checkLinks(options, problems, production);
  const webauthn = checkWebAuthn(
    options,
    links.appUrl,
    {
      rpName: v['webauthn.rpName'],
      challengeTtlSeconds: v['webauthn.challengeTtlSeconds'],
      passwordless: v['webauthn.passwordless'],
    },
    problems,
  );
  const adminMfaRequirement = checkAdminMfa(options, problems);
  const mfaRoles = checkMfaRoles(v['mfa.roles'], problems);
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
    clients,
    firstPartyClientId: v.firstPartyClientId,
    issuerUrl,
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
    mfaTokenTtlSeconds: v.mfaTokenTtlSeconds,
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
    webauthn,
    adminMfaRequirement,
    totpIssuer: v['totp.issuer'],
    mfaRequirement: {
      required: v['mfa.required'],
      roles: mfaRoles,
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

/** `mfa.requireForAdminRoutes`: false (default), true (any age) or `{ maxAgeSeconds }`. */
function checkAdminMfa(
  options: AuthModuleOptions,
  problems: string[],
): MfaRequirement | null {
  const given: unknown = options.mfa?.requireForAdminRoutes;
  if (given === undefined || given === false) return null;
  if (given === true) return { maxAgeSeconds: null };
  const maxAge: unknown =
    typeof given === 'object' && given !== null
      ? (given as { maxAgeSeconds?: unknown }).maxAgeSeconds
      : undefined;
  if (
    typeof given !== 'object' ||
    given === null ||
    Object.keys(given).some((key) => key !== 'maxAgeSeconds') ||
    !isMfaMaxAge(maxAge)
  ) {
    problems.push(
      'mfa.requireForAdminRoutes must be true, false or { maxAgeSeconds } (a whole number of seconds from 0 to 31622400)',
    );
    return null;
  }
  return { maxAgeSeconds: maxAge };
}

/**
 * The WebAuthn relying party: `rpId` a host name (default the `appUrl` host), `origins` http(s)
 * origins without path (default the `appUrl` origin), each of whose hosts is `rpId` or under it
 * (the browser refuses any other pairing, so a mismatch is a configuration error, said now).
 */
function checkWebAuthn(
  options: AuthModuleOptions,
  appUrl: string,
  table: Pick<
    WebAuthnSettings,
    'rpName' | 'challengeTtlSeconds' | 'passwordless'
  >,
  problems: string[],
): WebAuthnSettings {
  const given = options.webauthn ?? {};
  const appOrigin = new URL(appUrl).origin;
  const rpId: unknown = given.rpId ?? new URL(appUrl).hostname;
  const origins: unknown = given.origins ?? [appOrigin];
  const fallback = { ...table, rpId: 'localhost', origins: [appOrigin] };
  if (
    typeof rpId !== 'string' ||
    !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(
      rpId,
    )
  ) {
    problems.push(
      'webauthn.rpId must be a lower-case host name (no scheme, port or path)',
    );
    return fallback;
  }
  if (!Array.isArray(origins) || origins.length === 0 || origins.length > 20) {
    problems.push('webauthn.origins must be a list of 1-20 http(s) origins');
    return fallback;
  }
  const checked: string[] = [];
  for (const origin of origins as unknown[]) {
    const url =
      typeof origin === 'string' && URL.canParse(origin)
        ? new URL(origin)
        : null;
    if (
      url === null ||
      !['http:', 'https:'].includes(url.protocol) ||
      url.origin !== origin
    ) {
      problems.push(
        `webauthn.origins: "${String(origin)}" must be an origin (scheme://host[:port], no path or trailing slash)`,
      );
    } else if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
      problems.push(
        `webauthn.origins: "${origin}" is not on webauthn.rpId "${rpId}" or a subdomain of it`,
      );
    } else {
      checked.push(url.origin);
    }
  }
  return { ...table, rpId, origins: checked };
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
  list: 'introspectionClients' | 'clients' = 'introspectionClients',
): IntrospectionClient[] {
  const seen = new Set<string>();
  const kind = list === 'clients' ? 'client' : 'introspection client';
  for (const client of clients) {
    if (!isClientId(client?.clientId)) {
      problems.push(`${list}[].clientId must be ${CLIENT_ID_RULE}`);
      continue;
    }
    if (!isClientSecret(client.clientSecret)) {
      problems.push(
        `${kind} "${client.clientId}" needs a clientSecret of at least ${MIN_CLIENT_SECRET_BYTES} bytes`,
      );
    }
    if (seen.has(client.clientId))
      problems.push(`${kind} "${client.clientId}" is listed twice`);
    seen.add(client.clientId);
  }
  return clients.map((c) => ({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
  }));
}

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` and `\\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

/** `clients` checked like `introspectionClients`, plus their scopes; both lists merged. */
function checkOAuthClients(
  given: readonly OAuthClientOptions[],
  legacy: readonly IntrospectionClient[],
  problems: string[],
): OAuthClient[] {
  if (!Array.isArray(given)) {
    problems.push('clients must be an array');
    return legacy.map((c) => ({ ...c, scopes: [] }));
  }
  const checked = checkClients(given, problems, 'clients');
  const scopesOf = new Map<string, string[]>();
  for (const client of given) {
    const scopes: unknown = client?.scopes ?? [];
    if (
      !Array.isArray(scopes) ||
      !scopes.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s))
    ) {
      problems.push(
        `client "${String(client?.clientId)}" needs scopes as an array of RFC 6749 scope tokens (printable ASCII, no space, '"' or '\\')`,
      );
      continue;
    }
    scopesOf.set(client.clientId, [...new Set(scopes as string[])]);
  }
  const ids = new Set(checked.map((c) => c.clientId));
  for (const client of legacy) {
    if (ids.has(client.clientId)) {
      problems.push(
        `client "${client.clientId}" is in both clients and introspectionClients`,
      );
    }
  }
  return [
    ...checked.map((c) => ({
      ...c,
      scopes: scopesOf.get(c.clientId) ?? [],
    })),
    ...legacy.map((c) => ({ ...c, scopes: [] as string[] })),
  ];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The issuer as an RFC 8414 issuer URL, or null for a plain (non-URL) `iss` such as the default.
 * Something meant as a URL (it has a scheme) must be one the metadata can name: http(s), no query
 * or fragment, and https with NODE_ENV=production unless it is localhost.
 */
function checkIssuer(
  issuer: string,
  production: boolean,
  problems: string[],
): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(issuer)) return null;
  let url: URL | null;
  try {
    url = new URL(issuer);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    problems.push(
      'issuer must be an http(s) URL or a plain name without a scheme',
    );
    return null;
  }
  if (
    url.search !== '' ||
    url.hash !== '' ||
    issuer.includes('?') ||
    issuer.includes('#')
  ) {
    problems.push('issuer must not have a query or fragment (RFC 8414 §2)');
    return null;
  }
  if (url.pathname.split('/').filter((s) => s !== '').length > 4) {
    problems.push('issuer must have a path of at most four segments');
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push('issuer must not carry credentials');
    return null;
  }
  if (
    production &&
    url.protocol === 'http:' &&
    !LOOPBACK_HOSTS.has(url.hostname)
  ) {
    problems.push(
      'issuer must be an https URL when NODE_ENV=production (http only for localhost)',
    );
    return null;
  }
  return url;
}

/** `mfa.roles`: 1-50 role names. */
function checkMfaRoles(value: unknown, problems: string[]): readonly string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 50 ||
    !value.every((role) => typeof role === 'string' && ROLE_PATTERN.test(role))
  ) {
    problems.push(
      `mfa.roles must be a list of 1-50 role names (${ROLE_PATTERN.source})`,
    );
    return [];
  }
  return [...(value as string[])];
}
