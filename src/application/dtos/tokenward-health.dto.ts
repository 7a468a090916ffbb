/** Reachability of Tokenward's storage, from a cheap read of the rotation-state document. */
export type StorageHealthStatus = 'up' | 'down';

/**
 * Freshness of the revocation state: `fresh` while the poll keeps up, `lagging` when it fell
 * behind (the request path then refreshes itself), `stale` past `revocationMaxStalenessMs`,
 * when token validation fails closed.
 */
export type RevocationCacheHealthStatus = 'fresh' | 'lagging' | 'stale';

/** Result of `TokenwardHealthService.check()`. */
export class TokenwardHealth {
  constructor(
    /** `error`: storage down or revocation state stale (not serving); `degraded`: lagging. */
    public readonly status: 'ok' | 'degraded' | 'error',
    public readonly storage: { readonly status: StorageHealthStatus },
    public readonly revocationCache: {
      /** Age of the revocation state in ms; null before its first successful refresh. */
      readonly ageMs: number | null;
      readonly maxStalenessMs: number;
      readonly status: RevocationCacheHealthStatus;
    },
  ) {}
}
