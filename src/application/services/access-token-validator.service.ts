import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import type { AccessTokenClaims } from '../../domain/ports/access-token-signer.js';
import { Clock } from '../../domain/ports/clock.js';
import { UserRepository } from '../../domain/ports/user.repository.js';
import { AuthConfig } from '../auth-config.js';
import { AccessTokenCodec } from './access-token-codec.service.js';
import { asStorageError } from './error-description.js';
import { RevocationStateService } from './revocation-state.service.js';

/** Cache look-ups per hit-rate sample of the verified-token cache. */
const HIT_RATE_SAMPLE = 1024;
/** Size of the fingerprint set used while the cache admits only repeats (128 KiB). */
const SEEN_BITS = 1 << 20;

interface RememberedToken {
  readonly claims: AccessTokenClaims;
  /** The key-revocation epoch the token was verified in. */
  readonly epoch: number;
}

/** Who a valid token belongs to, as of now: what `request.user` carries. */
export interface TokenUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly roles: readonly string[];
}

/** A verified, not-revoked access token and its user's current facts. */
export interface ValidatedAccessToken {
  readonly claims: AccessTokenClaims;
  readonly user: TokenUser;
}

/**
 * Signature and claims first (pure CPU), then every revocation rule from the in-process state.
 * Shared by the guard's query and by introspection so both decide identically.
 *
 * Tokens that passed verification are remembered (bounded LRU keyed by the full token string), so
 * a client sending the same token again skips the HMAC and JSON work. Only the signature and
 * claims verdict is remembered: a remembered token is dropped once past its `exp` or once a signing
 * key is revoked, and revocation (logout, rotations, deactivation) is still checked on every
 * request.
 *
 * The user's facts come from the token (`roles`, `preferred_username`, `email`) unless the user
 * changed within the last token lifetime, when the change overrides them: no per-user state and no
 * storage read. Only a token issued before those claims existed loads its user (bounded LRU of
 * `userCacheMaxEntries`), for at most one token lifetime after an upgrade.
 */
@Injectable()
export class AccessTokenValidator {
  private readonly verified: LRUCache<string, RememberedToken> | null;
  private readonly olderTokensUsers: LRUCache<string, TokenUser>;
  /** Cache look-ups and hits in the current sample (see `admits`). */
  private lookups = 0;
  private hits = 0;
  /** True while the full cache hardly hits: only tokens seen before are admitted. */
  private selective = false;
  /** Fingerprints of tokens verified while selective (a bit set, cleared every so often). */
  private readonly seen = new Uint32Array(SEEN_BITS / 32);
  private seenMarks = 0;

  constructor(
    private readonly tokens: AccessTokenCodec,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
    private readonly config: AuthConfig,
    private readonly users: UserRepository,
  ) {
    this.verified =
      config.verifiedTokenCacheMaxEntries > 0
        ? new LRUCache({ max: config.verifiedTokenCacheMaxEntries })
        : null;
    this.olderTokensUsers = new LRUCache({ max: config.userCacheMaxEntries });
  }

  async validate(token: string): Promise<ValidatedAccessToken> {
    const now = this.clock.now();
    // A token seen before, else one verified without a promise (a key this instance holds),
    // else the full path (a `kid` to look up, an EdDSA key).
    const claims =
      this.cachedClaims(token, now) ??
      this.verifyNowAndRemember(token, now) ??
      (await this.verifyAndRemember(token, now));
    // Steady state decides without a promise; a cold or stale cache takes the async path.
    let change = this.revocation.decideFromCache(claims, now);
    if (change === undefined)
      change = await this.revocation.assertNotRevoked(claims);
    if (change !== null) return { claims, user: change };
    if (claims.username !== undefined && claims.email !== undefined) {
      return {
        claims,
        user: {
          id: claims.sub,
          username: claims.username,
          email: claims.email,
          roles: claims.roles,
        },
      };
    }
    return { claims, user: await this.userOfOlderToken(claims) };
  }

  /** A token without `preferred_username`/`email` (issued by an older version): load its user. */
  private async userOfOlderToken(
    claims: AccessTokenClaims,
  ): Promise<TokenUser> {
    const cached = this.olderTokensUsers.get(claims.sub);
    if (cached !== undefined) return { ...cached, roles: claims.roles };
    let loaded;
    try {
      loaded = await this.users.findById(claims.sub);
    } catch (error) {
      throw asStorageError(error);
    }
    if (loaded === null) throw new InvalidTokenError();
    const user = {
      id: loaded.id,
      username: loaded.username,
      email: loaded.email,
      roles: claims.roles,
    };
    this.olderTokensUsers.set(user.id, user);
    return user;
  }

  /** Entries held by the verified-token cache (for health checks and tests). */
  get cachedTokens(): number {
    return this.verified?.size ?? 0;
  }

  /** Claims of a token verified before and not yet past its `exp`, without a promise. */
  private cachedClaims(token: string, now: Date): AccessTokenClaims | null {
    if (this.verified === null) return null;
    this.sample();
    const cached = this.verified.get(token);
    if (cached === undefined) return null;
    this.hits += 1;
    const nowSeconds = Math.floor(now.getTime() / 1000);
    // The signer accepts a token until exp + tolerance; past that, verify again to say why not.
    // A key revoked since the token was verified voids the verdict.
    if (
      nowSeconds < cached.claims.exp + this.config.clockToleranceSeconds &&
      cached.epoch === this.tokens.revocationEpoch
    )
      return cached.claims;
    this.verified?.delete(token);
    return null;
  }

  private verifyNowAndRemember(
    token: string,
    now: Date,
  ): AccessTokenClaims | undefined {
    const epoch = this.tokens.revocationEpoch;
    const claims = this.tokens.verifyNow(token, now);
    if (claims !== undefined) this.remember(token, claims, epoch);
    return claims;
  }

  private async verifyAndRemember(
    token: string,
    now: Date,
  ): Promise<AccessTokenClaims> {
    const epoch = this.tokens.revocationEpoch;
    const claims = await this.tokens.verify(token, now);
    this.remember(token, claims, epoch);
    return claims;
  }

  private remember(
    token: string,
    claims: AccessTokenClaims,
    epoch: number,
  ): void {
    if (this.verified !== null && this.admits(token))
      this.verified.set(token, { claims, epoch });
  }

  /**
   * Every `HIT_RATE_SAMPLE` look-ups: when the cache is full and under one in eight of them hit,
   * distinct tokens outnumber it (a million users' tokens in rotation against 10,000 entries) and
   * admitting each would only evict another before it is asked for again. Each admission then
   * promotes an entry into the old generation to die there, which a large heap pays for in major
   * collections. So while that lasts, only a token seen before (its fingerprint in `seen`) is
   * admitted; a token that repeats still gets in on its second verification. What is cached, and
   * how a cached token is checked, do not change.
   */
  private sample(): void {
    this.lookups += 1;
    if (this.lookups < HIT_RATE_SAMPLE) return;
    const verified = this.verified as LRUCache<string, RememberedToken>;
    this.selective =
      verified.size >= verified.max && this.hits * 8 < this.lookups;
    this.lookups = 0;
    this.hits = 0;
  }

  private admits(token: string): boolean {
    if (!this.selective) return true;
    // The last characters are the signature's: uniformly spread for tokens we signed.
    let hash = 0;
    for (let i = Math.max(0, token.length - 12); i < token.length; i += 1)
      hash = (Math.imul(hash, 31) + token.charCodeAt(i)) | 0;
    const bit = (hash >>> 0) % SEEN_BITS;
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const seenBefore = (this.seen[word] & mask) !== 0;
    this.seen[word] |= mask;
    this.seenMarks += 1;
    // Cleared at an eighth of its size, so a token seen once passes for a repeat rarely.
    if (this.seenMarks >= SEEN_BITS / 8) {
      this.seen.fill(0);
      this.seenMarks = 0;
    }
    return seenBefore;
  }
}
