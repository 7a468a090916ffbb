import type { IntrospectionVerifierSettings } from '../../infrastructure/remote/introspection-access-token.verifier.js';
import type {
  JwksAlgorithm,
  JwksVerifierSettings,
} from '../../infrastructure/remote/jwks-access-token.verifier.js';
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
import {
  INTROSPECTION_OPTION_TABLE,
  JWKS_ALGORITHMS,
  JWKS_OPTION_TABLE,
  RESOURCE_SERVER_OPTION_TABLE,
  SSF_RECEIVER_OPTION_TABLE,
  type ResourceServerModuleOptions,
} from './resource-server.options.js';

/** `ssf` once validated. */
export interface ResolvedSsfReceiverOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly pollIntervalMs: number;
  readonly maxTokenLifetimeSeconds: number;
  readonly timeoutMs: number;
}

/** The options once validated, with every default filled in. */
export interface ResolvedResourceServerOptions {
  readonly verification:
    | ({ readonly mode: 'jwks' } & JwksVerifierSettings)
    | ({ readonly mode: 'introspection' } & IntrospectionVerifierSettings);
  /** The SSF receiver, `null` without `ssf`. */
  readonly ssf: ResolvedSsfReceiverOptions | null;
  readonly shouldSkipAuthentication: ShouldSkipAuthentication | null;
  /** Start-up warnings (not errors), e.g. plain http to another host. */
  readonly warnings: readonly string[];
}

interface Common {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
}

/** Validates options and fills in defaults; throws `TokenwardConfigError` listing every problem. */
export function resolveResourceServerOptions(
  options: ResourceServerModuleOptions,
): ResolvedResourceServerOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  const common: Common = {
    issuer: requiredText('issuer', options?.issuer, problems),
    audience: requiredText('audience', options?.audience, problems),
    ...readOptionTable(RESOURCE_SERVER_OPTION_TABLE, options, problems),
  };
  const skip = checkSkipFunction(options?.shouldSkipAuthentication, problems);
  const verification = resolveVerification(
    options?.verification,
    common,
    problems,
    warnings,
  );
  const ssf = resolveSsf(options, problems, warnings);
  if (problems.length > 0 || verification === null)
    throw new TokenwardConfigError(problems);
  return { verification, ssf, shouldSkipAuthentication: skip, warnings };
}

function resolveSsf(
  options: ResourceServerModuleOptions,
  problems: string[],
  warnings: string[],
): ResolvedSsfReceiverOptions | null {
  const ssf = options?.ssf;
  if (ssf === undefined) return null;
  if (typeof ssf !== 'object' || ssf === null) {
    problems.push('ssf must be { clientId, clientSecret, ... }');
    return null;
  }
  if (options.verification?.mode !== 'jwks') {
    problems.push(
      'ssf needs verification.mode "jwks" (introspection already asks the auth app about every token)',
    );
  }
  // The transmitter is found at the issuer's well-known URLs (SSF 1.0 §7.1: the issuer is a URL).
  if (typeof options.issuer === 'string' && options.issuer.trim() !== '') {
    checkUrl(
      'issuer (with ssf)',
      options.issuer,
      'the client credentials and the security events travel unprotected',
      problems,
      warnings,
    );
  }
  if (!isClientId(ssf.clientId))
    problems.push(`ssf.clientId must be ${CLIENT_ID_RULE}`);
  if (!isClientSecret(ssf.clientSecret)) {
    problems.push(
      `ssf.clientSecret must be a string of at least ${MIN_CLIENT_SECRET_BYTES} bytes (the auth app refuses shorter ones)`,
    );
  }
  const v = readOptionTable(SSF_RECEIVER_OPTION_TABLE, options, problems);
  return {
    clientId: ssf.clientId,
    clientSecret: ssf.clientSecret,
    pollIntervalMs: v['ssf.pollIntervalMs'],
    maxTokenLifetimeSeconds: v['ssf.maxTokenLifetimeSeconds'],
    timeoutMs: v['ssf.timeoutMs'],
  };
}

function resolveVerification(
  verification: ResourceServerModuleOptions['verification'] | undefined,
  common: Common,
  problems: string[],
  warnings: string[],
): ResolvedResourceServerOptions['verification'] | null {
  // The tables name their options `verification.*`, so they read from the whole options.
  const options = { verification };
  switch (verification?.mode) {
    case 'jwks': {
      const jwksUrl = checkUrl(
        'verification.jwksUrl',
        verification.jwksUrl,
        'whoever can alter the key set can forge tokens',
        problems,
        warnings,
      );
      const algorithms = checkAlgorithms(
        'verification.algorithms',
        verification.algorithms,
        problems,
      );
      const v = readOptionTable(JWKS_OPTION_TABLE, options, problems);
      return {
        mode: 'jwks',
        ...common,
        jwksUrl: jwksUrl as URL,
        algorithms,
        cacheMaxAgeMs: v['verification.cacheMaxAgeMs'],
        cooldownMs: v['verification.cooldownMs'],
        timeoutMs: v['verification.timeoutMs'],
        cacheMaxEntries: v['verification.cacheMaxEntries'],
      };
    }
    case 'introspection': {
      const url = checkUrl(
        'verification.introspectionUrl',
        verification.introspectionUrl,
        'tokens and client credentials travel unprotected',
        problems,
        warnings,
      );
      if (!isClientId(verification.clientId))
        problems.push(`verification.clientId must be ${CLIENT_ID_RULE}`);
      if (!isClientSecret(verification.clientSecret)) {
        problems.push(
          `verification.clientSecret must be a string of at least ${MIN_CLIENT_SECRET_BYTES} bytes (the auth app refuses shorter ones)`,
        );
      }
      const v = readOptionTable(INTROSPECTION_OPTION_TABLE, options, problems);
      return {
        mode: 'introspection',
        ...common,
        introspectionUrl: url as URL,
        clientId: verification.clientId,
        clientSecret: verification.clientSecret,
        cacheTtlMs: v['verification.cacheTtlMs'],
        timeoutMs: v['verification.timeoutMs'],
        cacheMaxEntries: v['verification.cacheMaxEntries'],
      };
    }
    default:
      problems.push(
        'verification is required: { mode: "jwks", jwksUrl, ... } or { mode: "introspection", introspectionUrl, clientId, clientSecret, ... }',
      );
      return null;
  }
}

function requiredText(
  name: string,
  value: unknown,
  problems: string[],
): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(
    `${name} is required: the auth app's ${name} (a non-empty string)`,
  );
  return '';
}

/** An http(s) URL; plain http to another host is allowed with a warning naming what leaks. */
function checkUrl(
  name: string,
  value: unknown,
  exposed: string,
  problems: string[],
  warnings: string[],
): URL | null {
  let url: URL;
  try {
    url = new URL(value instanceof URL ? value.href : String(value));
  } catch {
    problems.push(`${name} must be an absolute http(s) URL`);
    return null;
  }
  if (
    (typeof value !== 'string' && !(value instanceof URL)) ||
    (url.protocol !== 'https:' && url.protocol !== 'http:')
  ) {
    problems.push(`${name} must be an absolute http(s) URL`);
  } else if (url.username !== '' || url.password !== '') {
    problems.push(`${name} must not carry credentials`);
  } else if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    warnings.push(
      `${name} uses plain http to ${url.host}: ${exposed}; use https outside a trusted network`,
    );
  }
  return url;
}

function checkAlgorithms(
  name: string,
  value: unknown,
  problems: string[],
): JwksAlgorithm[] {
  if (value === undefined) return [...JWKS_ALGORITHMS];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((a) => JWKS_ALGORITHMS.includes(a as JwksAlgorithm)) ||
    new Set(value).size !== value.length
  ) {
    problems.push(
      `${name} must be a non-empty list of distinct values from ${JWKS_ALGORITHMS.join(', ')}`,
    );
    return [...JWKS_ALGORITHMS];
  }
  return [...(value as JwksAlgorithm[])];
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}
