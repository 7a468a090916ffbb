import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';

/** Reachability of Tokenward's storage, from a cheap read of the rotation-state document. */
export type StorageHealthStatus = 'up' | 'down';

/**
 * Freshness of the revocation state: `fresh` while the poll keeps up, `lagging` when it fell
 * behind (the request path then refreshes itself), `stale` past `revocationMaxStalenessMs`,
 * when token validation fails closed.
 */
export type RevocationCacheHealthStatus = 'fresh' | 'lagging' | 'stale';

/**
 * The active signing key as this instance sees it: `ok`; `none` before the first token was signed
 * (the first login creates it); `unusable` when this instance cannot open it (its secret differs
 * from the one that sealed it: it can neither sign nor verify); `unknown` before the key ring could
 * be read.
 */
export type SigningKeyHealthStatus = 'ok' | 'none' | 'unusable' | 'unknown';

/** Result of `TokenwardHealthService.check()`. */
export class TokenwardHealth {
  constructor(
    /**
     * `error`: storage down, revocation state stale, or an active signing key this instance cannot
     * open (not serving); `degraded`: lagging.
     */
    public readonly status: 'ok' | 'degraded' | 'error',
    public readonly storage: { readonly status: StorageHealthStatus },
    public readonly revocationCache: {
      /** Age of the revocation state in ms; null before its first successful refresh. */
      readonly ageMs: number | null;
      readonly maxStalenessMs: number;
      readonly status: RevocationCacheHealthStatus;
    },
    public readonly signingKey: {
      readonly status: SigningKeyHealthStatus;
      readonly kid: string | null;
      readonly algorithm: SigningAlgorithm | null;
    },
  ) {}
}
