import { OptionChecker } from '../shared/option-checker.js';
import type { Provider } from '@nestjs/common';
import {
  MIN_CLIENT_SECRET_BYTES,
  TokenwardConfigError,
} from '../auth/auth.options.js';
import type { IntrospectionVerifierSettings } from '../../infrastructure/remote/introspection-access-token.verifier.js';
import type {
  JwksAlgorithm,
  JwksVerifierSettings,
} from '../../infrastructure/remote/jwks-access-token.verifier.js';
import type { ShouldSkipAuthentication } from '../../interface/http/guards/skip-authentication.js';

/** Verify tokens locally against the auth service's published keys (RFC 7517 JWKS). */
export interface JwksVerificationOptions {
  mode: 'jwks';
  /** The auth service's key set, e.g. `https://auth.example.com/auth/.well-known/jwks.json`. */
  jwksUrl: string | URL;
  /** Accepted `alg` values. Default both `['EdDSA', 'ES256']`; `none` and HMAC never. */
  algorithms?: JwksAlgorithm[];
  /** Keys older than this are fetched again before use. Default 60000. */
  cacheMaxAgeMs?: number;
  /** Least time between two fetches caused by an unknown `kid`. Default 1000. */
  cooldownMs?: number;
  /** Timeout of a key-set fetch. Default 2000. */
  timeoutMs?: number;
  /** Bound of the cache of already-verified tokens (LRU). Default 10000; 0 disables it. */
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
  /** How long an answer is reused (never past the token's `exp`). Default 1000; 0..30000. */
  cacheTtlMs?: number;
  /** Timeout of an introspection call. Default 2000. */
  timeoutMs?: number;
  /** Bound of the answer cache (LRU). Default 10000. */
  cacheMaxEntries?: number;
}

/** Options of `TokenwardResourceServerModule.forRoot` / the factory of `forRootAsync`. */
export interface ResourceServerModuleOptions {
  /** `iss` the auth app puts in its tokens (its `issuer` option). Required. */
  issuer: string;
  /** `aud` the auth app puts in its tokens (its `audience` option). Required. */
  audience: string;
  /** Allowed clock skew for `exp` / `iat`, in seconds. Default 5. */
  clockToleranceSeconds?: number;
  /** How tokens are checked: `{ mode: 'jwks', ... }` or `{ mode: 'introspection', ... }`. */
  verification: JwksVerificationOptions | IntrospectionVerificationOptions;
  /** Requests `JwtAuthGuard` lets through without a token, e.g. `(m, p) => p === '/health'`. */
  shouldSkipAuthentication?: ShouldSkipAuthentication;
}

/** Options that shape the resource-server module; accepted by `forRoot` and `forRootAsync`. */
export interface ResourceServerModuleExtras {
  /** Register the module globally so any host module can use its guards. Default true. */
  isGlobal?: boolean;
  /** Providers appended last, e.g. to replace `Clock` or `RemoteAccessTokenVerifier`. */
  providers?: Provider[];
}

/** The options once validated, with every default filled in. */
export interface ResolvedResourceServerOptions {
  readonly verification:
    | ({ readonly mode: 'jwks' } & JwksVerifierSettings)
    | ({ readonly mode: 'introspection' } & IntrospectionVerifierSettings);
  readonly shouldSkipAuthentication: ShouldSkipAuthentication | null;
  /** Start-up warnings (not errors), e.g. plain http to another host. */
  readonly warnings: readonly string[];
}

const ALGORITHMS: readonly JwksAlgorithm[] = ['EdDSA', 'ES256'];

/** Validates options and fills in defaults; throws `TokenwardConfigError` listing every problem. */
export function resolveResourceServerOptions(
  options: ResourceServerModuleOptions,
): ResolvedResourceServerOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  const check = new Checker(problems);
  const common = {
    issuer: check.requiredText('issuer', options?.issuer),
    audience: check.requiredText('audience', options?.audience),
    clockToleranceSeconds: check.int(
      'clockToleranceSeconds',
      options?.clockToleranceSeconds,
      5,
      0,
      300,
    ),
  };
  const skip = options?.shouldSkipAuthentication;
  if (skip !== undefined && typeof skip !== 'function')
    problems.push(
      'shouldSkipAuthentication must be a function (method, path) => boolean',
    );
  const verification = resolveVerification(
    options?.verification,
    common,
    check,
    warnings,
  );
  if (problems.length > 0 || verification === null)
    throw new TokenwardConfigError(problems);
  return {
    verification,
    shouldSkipAuthentication: skip ?? null,
    warnings,
  };
}

/** The call and cache settings both modes share: the fetch timeout and the cache bound. */
function transport(
  check: Checker,
  v: { timeoutMs?: number; cacheMaxEntries?: number },
  minEntries: number,
): { timeoutMs: number; cacheMaxEntries: number } {
  return {
    timeoutMs: check.int(
      'verification.timeoutMs',
      v.timeoutMs,
      2000,
      100,
      60_000,
    ),
    cacheMaxEntries: check.int(
      'verification.cacheMaxEntries',
      v.cacheMaxEntries,
      10_000,
      minEntries,
      10_000_000,
    ),
  };
}

function resolveVerification(
  verification: ResourceServerModuleOptions['verification'] | undefined,
  common: {
    issuer: string;
    audience: string;
    clockToleranceSeconds: number;
  },
  check: Checker,
  warnings: string[],
): ResolvedResourceServerOptions['verification'] | null {
  switch (verification?.mode) {
    case 'jwks': {
      const v = verification;
      const jwksUrl = check.url(
        'verification.jwksUrl',
        v.jwksUrl,
        'whoever can alter the key set can forge tokens',
        warnings,
      );
      const cacheMaxAgeMs = check.int(
        'verification.cacheMaxAgeMs',
        v.cacheMaxAgeMs,
        60_000,
        100,
        86_400_000,
      );
      return {
        mode: 'jwks',
        ...common,
        jwksUrl: jwksUrl as URL,
        algorithms: check.algorithms('verification.algorithms', v.algorithms),
        cacheMaxAgeMs,
        cooldownMs: check.int(
          'verification.cooldownMs',
          v.cooldownMs,
          Math.min(1000, cacheMaxAgeMs),
          0,
          cacheMaxAgeMs,
        ),
        // 0 turns the verified-token cache off.
        ...transport(check, v, 0),
      };
    }
    case 'introspection': {
      const v = verification;
      const url = check.url(
        'verification.introspectionUrl',
        v.introspectionUrl,
        'tokens and client credentials travel unprotected',
        warnings,
      );
      if (
        typeof v.clientId !== 'string' ||
        !/^[\w.-]{1,128}$/.test(v.clientId)
      ) {
        check.problem(
          'verification.clientId must be 1-128 letters, digits, ".", "_" or "-"',
        );
      }
      if (
        typeof v.clientSecret !== 'string' ||
        Buffer.byteLength(v.clientSecret, 'utf8') < MIN_CLIENT_SECRET_BYTES
      ) {
        check.problem(
          `verification.clientSecret must be a string of at least ${MIN_CLIENT_SECRET_BYTES} bytes (the auth app refuses shorter ones)`,
        );
      }
      return {
        mode: 'introspection',
        ...common,
        introspectionUrl: url as URL,
        clientId: v.clientId,
        clientSecret: v.clientSecret,
        cacheTtlMs: check.int(
          'verification.cacheTtlMs',
          v.cacheTtlMs,
          1000,
          0,
          30_000,
        ),
        // Introspection always caches (for at most `cacheTtlMs`), so at least one entry.
        ...transport(check, v, 1),
      };
    }
    default:
      check.problem(
        'verification is required: { mode: "jwks", jwksUrl, ... } or { mode: "introspection", introspectionUrl, clientId, clientSecret, ... }',
      );
      return null;
  }
}

class Checker extends OptionChecker {
  requiredText(name: string, value: unknown): string {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problems.push(
      `${name} is required: the auth app's ${name} (a non-empty string)`,
    );
    return '';
  }

  /** An http(s) URL; plain http to another host is allowed with a warning naming what leaks. */
  url(
    name: string,
    value: unknown,
    exposed: string,
    warnings: string[],
  ): URL | null {
    let url: URL;
    try {
      url = new URL(value instanceof URL ? value.href : String(value));
    } catch {
      this.problems.push(`${name} must be an absolute http(s) URL`);
      return null;
    }
    if (
      (typeof value !== 'string' && !(value instanceof URL)) ||
      (url.protocol !== 'https:' && url.protocol !== 'http:')
    ) {
      this.problems.push(`${name} must be an absolute http(s) URL`);
    } else if (url.username !== '' || url.password !== '') {
      this.problems.push(`${name} must not carry credentials`);
    } else if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
      warnings.push(
        `${name} uses plain http to ${url.host}: ${exposed}; use https outside a trusted network`,
      );
    }
    return url;
  }

  algorithms(name: string, value: unknown): JwksAlgorithm[] {
    if (value === undefined) return [...ALGORITHMS];
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((a) => ALGORITHMS.includes(a as JwksAlgorithm)) ||
      new Set(value).size !== value.length
    ) {
      this.problems.push(
        `${name} must be a non-empty list of distinct values from ${ALGORITHMS.join(', ')}`,
      );
      return [...ALGORITHMS];
    }
    return [...(value as JwksAlgorithm[])];
  }
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}
