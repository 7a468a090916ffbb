import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTHeaderParameters,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { AuthError } from '../../domain/errors/auth.error.js';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import type { Clock } from '../../domain/ports/clock.js';
import {
  RemoteAccessTokenVerifier,
  type RemotelyVerifiedToken,
} from '../../domain/ports/remote-access-token-verifier.js';
import {
  ACCESS_TOKEN_TYPE,
  parseAccessTokenFacts,
  precheckAccessToken,
  REQUIRED_CLAIMS,
} from '../crypto/access-token-claims.js';
import { describeFetchFailure, OutageLog } from './outage-log.js';

/** Asymmetric algorithms a resource server accepts; never `none` nor an HMAC. */
export type JwksAlgorithm = 'EdDSA' | 'ES256';

/** Settings of the JWKS verifier (validated by the module's options). */
export interface JwksVerifierSettings {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly JwksAlgorithm[];
  /** Keys older than this are fetched again before use. */
  readonly cacheMaxAgeMs: number;
  /** Least time between two fetches caused by an unknown `kid`. */
  readonly cooldownMs: number;
  readonly timeoutMs: number;
  readonly clockToleranceSeconds: number;
  /** Bound of the verified-token cache; 0 disables it. */
  readonly cacheMaxEntries: number;
}

type VerificationKey = Awaited<
  ReturnType<ReturnType<typeof createRemoteJWKSet>>
>;

interface Remembered {
  readonly token: RemotelyVerifiedToken;
  readonly header: JWTHeaderParameters;
  /** The key it was verified with; a refetched key set yields new key objects. */
  readonly key: VerificationKey;
}

/**
 * Verifies access tokens locally against the auth service's published keys (RFC 7517 set at
 * `jwksUrl`, fetched with jose's `createRemoteJWKSet`): algorithms pinned to the allow-list, `typ`
 * `at+jwt`, issuer, audience, expiry and every claim with its type.
 *
 * Keys are fetched again when older than `cacheMaxAgeMs`, or (at most once per `cooldownMs`) when
 * a token names a `kid` the set does not hold. Verified tokens are remembered until their `exp`,
 * but a remembered verdict stands only while its key is still the current key for that `kid`: a
 * key withdrawn from the set stops working at the next fetch, cached tokens included.
 *
 * It knows nothing of logout or rotations: a token stays valid until it expires (see
 * docs/architecture/resource-server.md).
 */
export class JwksAccessTokenVerifier extends RemoteAccessTokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;
  private readonly remembered: LRUCache<string, Remembered> | null;
  private readonly outage: OutageLog;

  constructor(
    private readonly settings: JwksVerifierSettings,
    private readonly clock: Clock,
  ) {
    super();
    this.keys = createRemoteJWKSet(settings.jwksUrl, {
      cacheMaxAge: settings.cacheMaxAgeMs,
      cooldownDuration: settings.cooldownMs,
      timeoutDuration: settings.timeoutMs,
    });
    this.remembered =
      settings.cacheMaxEntries > 0
        ? new LRUCache({ max: settings.cacheMaxEntries })
        : null;
    this.outage = new OutageLog(`JWKS endpoint ${settings.jwksUrl.origin}`);
  }

  async verify(token: string): Promise<RemotelyVerifiedToken> {
    const now = this.clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const remembered = this.remembered?.get(token);
    if (remembered !== undefined) {
      if (
        nowSeconds <
          remembered.token.exp + this.settings.clockToleranceSeconds &&
        (await this.currentKey(remembered.header)) === remembered.key
      ) {
        return remembered.token;
      }
      this.remembered?.delete(token);
    }
    return this.verifyAndRemember(token, now, nowSeconds);
  }

  private async verifyAndRemember(
    token: string,
    now: Date,
    nowSeconds: number,
  ): Promise<RemotelyVerifiedToken> {
    // Refuse what cannot be a live token of this issuer before any key-set fetch it could cause.
    const { header } = precheckAccessToken(token, this.settings, nowSeconds);
    if (
      !(this.settings.algorithms as readonly string[]).includes(header.alg) ||
      header.kid === undefined ||
      header.kid === ''
    ) {
      throw new InvalidTokenError();
    }
    let key: VerificationKey | undefined;
    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(
        token,
        async (protectedHeader) =>
          (key = await this.resolveKey(protectedHeader)),
        {
          algorithms: [...this.settings.algorithms],
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          typ: ACCESS_TOKEN_TYPE,
          requiredClaims: REQUIRED_CLAIMS,
          clockTolerance: this.settings.clockToleranceSeconds,
          currentDate: now,
        },
      );
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof errors.JWTExpired) throw new TokenExpiredError();
      throw new InvalidTokenError();
    }
    const facts = parseAccessTokenFacts(verified.payload);
    if (facts === null || key === undefined) throw new InvalidTokenError();
    // Tokens of the auth app carry both since issue 17; older ones neither.
    const { auth_time: authTime, ...rest } = facts;
    const result: RemotelyVerifiedToken = {
      ...rest,
      username: facts.username ?? null,
      email: facts.email ?? null,
      ...(authTime === undefined ? {} : { authTime }),
    };
    this.remembered?.set(token, {
      token: result,
      header: verified.protectedHeader,
      key,
    });
    return result;
  }

  /** The key a remembered token was verified with, if it is still current; else `undefined`. */
  private async currentKey(
    header: JWTHeaderParameters,
  ): Promise<VerificationKey | undefined> {
    try {
      return await this.resolveKey(header);
    } catch (error) {
      if (error instanceof AuthServiceUnavailableError) throw error;
      return undefined;
    }
  }

  /**
   * jose's key look-up (fetching when the set is stale or lacks the `kid`), with fetch failures
   * turned into `AuthServiceUnavailableError`: a down JWKS endpoint is not a verdict on a token.
   */
  private async resolveKey(
    header: JWTHeaderParameters,
  ): Promise<VerificationKey> {
    try {
      const key = await this.keys(header);
      this.outage.recovered();
      return key;
    } catch (error) {
      // Even after the refetch jose allows, no key has this `kid`: the token's problem.
      if (error instanceof errors.JWKSNoMatchingKey) throw error;
      // Timeout, refused connection, non-200, not JSON, not a key set, a private or unusable key,
      // several keys under one `kid`: the auth service's problem, not a verdict on the token.
      this.outage.failed(describeFetchFailure(error));
      throw new AuthServiceUnavailableError(1, { cause: error });
    }
  }
}
