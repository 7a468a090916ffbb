import type { PasswordPolicyOptions } from '../domain/policies/password.policy.js';

/** A client allowed to call the introspection endpoint (RFC 7662 §2.1). */
export interface IntrospectionClient {
  readonly clientId: string;
  readonly clientSecret: string;
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
  readonly globalGracePeriodSeconds!: number;
  readonly passwordPolicy!: PasswordPolicyOptions;
  readonly defaultRoles!: readonly string[];
  readonly introspectionClients!: readonly IntrospectionClient[];
  /** Allowed clock skew for `exp`/`iat` checks: how long past `exp` a token is still accepted. */
  readonly clockToleranceSeconds!: number;
  /** How often the revocation cache polls storage for changes made by other instances. */
  readonly revocationCacheRefreshMs!: number;
  /** Past this age without a successful refresh, token validation fails closed (503). */
  readonly revocationMaxStalenessMs!: number;
  /** How far back each poll re-reads, to cover clock skew and in-flight writes between instances. */
  readonly revocationPollOverlapMs!: number;
  /** Bound on the per-user state cache. */
  readonly userCacheMaxEntries!: number;

  constructor(values: AuthConfig) {
    Object.assign(this, values);
  }
}
