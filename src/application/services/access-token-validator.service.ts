import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { UserSnapshot } from '../../domain/entities/user.entity.js';
import {
  AccessTokenSigner,
  type AccessTokenClaims,
} from '../../domain/ports/access-token-signer.js';
import { Clock } from '../../domain/ports/clock.js';
import { AuthConfig } from '../auth-config.js';
import { RevocationStateService } from './revocation-state.service.js';

/** A verified, not-revoked access token and its user's current state. */
export interface ValidatedAccessToken {
  readonly claims: AccessTokenClaims;
  readonly user: UserSnapshot;
}

/**
 * Signature and claims first (pure CPU), then every revocation rule from the in-process state.
 * Shared by the guard's query and by introspection so both decide identically.
 *
 * Tokens that passed verification are remembered (bounded LRU keyed by the full token string), so
 * a client sending the same token again skips the HMAC and JSON work. Only the signature and
 * claims verdict is remembered: a remembered token is dropped once past its `exp`, and revocation
 * (logout, rotations, deactivation) is still checked on every request.
 */
@Injectable()
export class AccessTokenValidator {
  private readonly verified: LRUCache<string, AccessTokenClaims> | null;

  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly config: AuthConfig,
  ) {
    this.verified =
      config.verifiedTokenCacheMaxEntries > 0
        ? new LRUCache({ max: config.verifiedTokenCacheMaxEntries })
        : null;
  }

  async validate(token: string): Promise<ValidatedAccessToken> {
    const now = this.clock.now();
    const claims = this.verifiedClaims(token, now);
    // Steady state decides without a promise; a cold or stale cache takes the async path.
    const user =
      this.revocation.decideFromCache(claims, now) ??
      (await this.revocation.assertNotRevoked(claims));
    return { claims, user };
  }

  /** Entries held by the verified-token cache (for health checks and tests). */
  get cachedTokens(): number {
    return this.verified?.size ?? 0;
  }

  private verifiedClaims(token: string, now: Date): AccessTokenClaims {
    const cached = this.verified?.get(token);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (cached !== undefined) {
      // The signer accepts a token until exp + tolerance; past that, verify again to say why not.
      if (nowSeconds < cached.exp + this.config.clockToleranceSeconds)
        return cached;
      this.verified?.delete(token);
    }
    const claims = this.signer.verify(token, now);
    this.verified?.set(token, claims);
    return claims;
  }
}
