import type { KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import {
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from 'jose';
import { createVerifier, type DecodedJwt } from 'fast-jwt';
import type { SigningKey } from '../../domain/entities/signing-key-ring.entity.js';
import type { AuthError } from '../../domain/errors/auth.error.js';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import {
  AccessTokenSigner,
  type AccessTokenClaims,
  type AccessTokenSubject,
  type ServiceAccessTokenClaims,
  type ServiceAccessTokenSubject,
} from '../../domain/ports/access-token-signer.js';
import {
  ACCESS_TOKEN_TYPE,
  hasCanonicalSignature,
  hasCriticalExtensions,
  isAccessTokenType,
  parseAccessTokenFacts,
  toWireClaims,
} from './access-token-claims.js';
import { Hs256Mac } from './hs256-mac.js';
import type { AuthConfig } from '../../application/auth-config.js';
import type {
  NodeSigningKeyMaterial,
  OpenedSigningKey,
} from './node-signing-key.material.js';

/** Distinct token headers remembered once checked (one per signing key in practice). */
const MAX_REMEMBERED_HEADERS = 64;

/** Base64url characters of a payload decoded in place (it decodes to fewer bytes than that). */
const PAYLOAD_SCRATCH_BYTES = 4096;

/** A JWS header that decoded and passed `keyIdOf`'s checks (usable `kid`, no `crit`). */
interface CheckedHeader {
  readonly kid: string;
  readonly alg: unknown;
  readonly typ: unknown;
}

/**
 * What the signer reads of the settings: the validated `AuthConfig` itself, so they are built in
 * one place (the options resolver) and not copied field by field into each construction.
 */
export type JwtSignerSettings = Pick<
  AuthConfig,
  'issuer' | 'audience' | 'accessTokenTtlSeconds' | 'clockToleranceSeconds'
>;

/**
 * Access tokens signed with the active key of the key ring, `kid` in the header. HS256 and ES256
 * are signed through @nestjs/jwt; HS256 is verified with `Hs256Mac` (HMAC-SHA-256 over
 * node:crypto's one-shot digest), ES256 through fast-jwt (both synchronous, cheaper per request
 * than jsonwebtoken); EdDSA through jose, as jsonwebtoken has no EdDSA. It signs and verifies with the key it is given (the
 * application resolves it from the ring by `kid`); verification pins the algorithm to that key's
 * (never the header's choice), refuses any `crit` header before either library sees the token
 * (RFC 7515 §4.1.11), then checks the `typ` header, issuer, audience, expiry, and the presence
 * and type of every claim (RFC 8725 §3).
 */
export class JwtAccessTokenSigner extends AccessTokenSigner {
  private readonly services = new Map<string, JwtService>();
  private readonly verifiers = new Map<string, (token: string) => unknown>();
  /** One HMAC per HS256 key, held as long as its KeyObject is. */
  private readonly macs = new WeakMap<KeyObject, Hs256Mac>();
  /** See `decodeSegment`: room for any payload of up to PAYLOAD_SCRATCH_BYTES characters. */
  private readonly payloadScratch = Buffer.alloc(PAYLOAD_SCRATCH_BYTES);
  /** Header segment -> the header, for headers that passed `keyIdOf`'s checks. */
  private readonly headers = new Map<string, CheckedHeader>();

  constructor(
    private readonly settings: JwtSignerSettings,
    private readonly material: NodeSigningKeyMaterial,
  ) {
    super();
  }

  async sign(
    subject: AccessTokenSubject,
    signingKey: SigningKey,
    now: Date,
  ): Promise<{ token: string; claims: AccessTokenClaims }> {
    const key = this.material.openOrUnavailable(signingKey);
    const claims: AccessTokenClaims = {
      ...subject,
      roles: [...subject.roles],
      ...this.registeredClaims(now),
    };
    return { token: await this.signWire(key, toWireClaims(claims)), claims };
  }

  override async signServiceToken(
    subject: ServiceAccessTokenSubject,
    signingKey: SigningKey,
    now: Date,
  ): Promise<{ token: string; claims: ServiceAccessTokenClaims }> {
    const key = this.material.openOrUnavailable(signingKey);
    const claims: ServiceAccessTokenClaims = {
      ...subject,
      ...this.registeredClaims(now),
    };
    return { token: await this.signWire(key, { ...claims }), claims };
  }

  /** `iat`, `exp`, `iss` and `aud` of a token issued now. */
  private registeredClaims(now: Date): {
    iat: number;
    exp: number;
    iss: string;
    aud: string;
  } {
    const iat = Math.floor(now.getTime() / 1000);
    return {
      iat,
      exp: iat + this.settings.accessTokenTtlSeconds,
      iss: this.settings.issuer,
      aud: this.settings.audience,
    };
  }

  /** The payload signed with the key: EdDSA through jose, HS256/ES256 through @nestjs/jwt. */
  private async signWire(
    key: OpenedSigningKey,
    payload: Record<string, unknown>,
  ): Promise<string> {
    return key.algorithm === 'EdDSA'
      ? new SignJWT(payload)
          .setProtectedHeader({
            alg: 'EdDSA',
            typ: ACCESS_TOKEN_TYPE,
            kid: key.kid,
          })
          .sign(key.signingKey)
      : this.serviceFor(key).sign(payload);
  }

  async verify(
    token: string,
    verificationKey: SigningKey,
    now: Date,
  ): Promise<AccessTokenClaims> {
    return this.verifyAs(token, verificationKey, now, parseClaims);
  }

  /** HS256 and ES256 decide synchronously; EdDSA (jose) returns undefined: `verify` decides. */
  override verifyNow(
    token: string,
    verificationKey: SigningKey,
    now: Date,
  ): AccessTokenClaims | undefined {
    const key = this.material.openOrUnavailable(verificationKey);
    if (key.algorithm === 'EdDSA') return undefined;
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return this.accept(
      this.verifyHs256OrEs256(token, key, nowSeconds),
      nowSeconds,
      parseClaims,
    );
  }

  override async verifyServiceToken(
    token: string,
    verificationKey: SigningKey,
    now: Date,
  ): Promise<ServiceAccessTokenClaims> {
    return this.verifyAs(token, verificationKey, now, parseServiceClaims);
  }

  /**
   * The one verification path of user and service tokens; only the claim parser differs. The
   * signature, `exp`/`nbf`/`iss`/`aud` (by the key's library), the `typ` header and an `iat` not
   * in the future are checked alike for both.
   */
  private async verifyAs<C extends { iat: number }>(
    token: string,
    verificationKey: SigningKey,
    now: Date,
    parse: (payload: unknown) => C | null,
  ): Promise<C> {
    const key = this.material.openOrUnavailable(verificationKey);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return this.accept(
      key.algorithm === 'EdDSA'
        ? await this.verifyWithJose(token, key, now)
        : this.verifyHs256OrEs256(token, key, nowSeconds),
      nowSeconds,
      parse,
    );
  }

  /** The checks after the signature's, alike for every algorithm: `typ`, the claims, `iat`. */
  private accept<C extends { iat: number }>(
    { header, payload }: { header: { typ?: unknown }; payload: unknown },
    nowSeconds: number,
    parse: (payload: unknown) => C | null,
  ): C {
    if (!isAccessTokenType(header.typ)) throw new InvalidTokenError();
    const claims = parse(payload);
    if (claims === null) throw new InvalidTokenError();
    // Neither library looks at iat; a token "issued" in the future was not issued by us.
    if (claims.iat > nowSeconds + this.settings.clockToleranceSeconds) {
      throw new InvalidTokenError();
    }
    return claims;
  }

  keyIdOf(token: string): string {
    const end = token.indexOf('.');
    return this.checkedHeader(token, end > 0 ? token.slice(0, end) : undefined)
      .kid;
  }

  /**
   * The header of `token` (whose first segment is `segment`), checked as `keyIdOf` says. The
   * segment is the same for every token a key signs, and the answer depends on it alone: the
   * ones that passed are remembered (a small bound; a flood of made-up valid headers only empties
   * it). Anything else is decoded and checked in full every time.
   */
  private checkedHeader(
    token: string,
    segment: string | undefined,
  ): CheckedHeader {
    if (segment !== undefined) {
      const known = this.headers.get(segment);
      if (known !== undefined) return known;
    }
    const header = this.readHeader(token);
    if (segment !== undefined) {
      if (this.headers.size >= MAX_REMEMBERED_HEADERS) this.headers.clear();
      this.headers.set(segment, header);
    }
    return header;
  }

  private readHeader(token: string): CheckedHeader {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidTokenError();
    }
    const kid: unknown = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 64) {
      throw new InvalidTokenError();
    }
    if (hasCriticalExtensions(header)) throw new InvalidTokenError();
    return { kid, alg: header.alg, typ: header.typ };
  }

  refusalWithoutKey(token: string, now: Date): AuthError {
    // A retired key stops verifying only once every token it signed has expired (its window is
    // the token lifetime plus the tolerance), so a stale token of a rotated-out key is answered
    // like any other expired token, not as forged. Nothing is granted on the unverified `exp`.
    return this.expiredByItsOwnClaim(token, now)
      ? new TokenExpiredError()
      : new InvalidTokenError();
  }

  /** True when the token's (unverified) `exp` is past, beyond the clock tolerance. */
  private expiredByItsOwnClaim(token: string, now: Date): boolean {
    let exp: unknown;
    try {
      exp = decodeJwt(token).exp;
    } catch {
      return false;
    }
    return (
      Number.isSafeInteger(exp) &&
      Math.floor(now.getTime() / 1000) >=
        (exp as number) + this.settings.clockToleranceSeconds
    );
  }

  /**
   * HS256 (`verifyHs256`) or ES256 through fast-jwt (one verifier per kid, algorithm pinned):
   * the signature and nothing else; exp, nbf, iss and aud are checked here with jsonwebtoken's
   * rules (the ones this signer used before): `now >= exp + tolerance` is expired, `nbf > now +
   * tolerance` is not yet valid, and a missing iss or aud is refused, not skipped.
   */
  private verifyHs256OrEs256(
    token: string,
    key: OpenedSigningKey,
    nowSeconds: number,
  ): { header: { typ?: unknown }; payload: unknown } {
    let decoded: { header: { typ?: unknown }; payload: unknown };
    if (key.algorithm === 'HS256') {
      decoded = this.verifyHs256(token, key);
    } else {
      if (!hasCanonicalSignature(token)) throw new InvalidTokenError();
      try {
        decoded = this.verifierFor(key)(token) as DecodedJwt;
      } catch {
        throw new InvalidTokenError();
      }
    }
    const payload = decoded.payload as Record<string, unknown> | null;
    if (payload === null || typeof payload !== 'object') {
      throw new InvalidTokenError();
    }
    const tolerance = this.settings.clockToleranceSeconds;
    const { nbf, exp, iss, aud } = payload;
    if (nbf !== undefined) {
      if (typeof nbf !== 'number' || nbf > nowSeconds + tolerance) {
        throw new InvalidTokenError();
      }
    }
    if (exp !== undefined) {
      if (typeof exp !== 'number') throw new InvalidTokenError();
      if (nowSeconds >= exp + tolerance) throw new TokenExpiredError();
    }
    if (aud !== this.settings.audience) throw new InvalidTokenError();
    if (iss !== this.settings.issuer) throw new InvalidTokenError();
    return { header: decoded.header, payload };
  }

  /**
   * An HS256 JWS (RFC 7515 compact form) checked with `Hs256Mac`, the same checks fast-jwt made
   * minus its per-token work that buys nothing here: exactly three segments; the header one must
   * pass `keyIdOf`'s checks (remembered per segment, so it is decoded once per key, not per token)
   * and name `alg` HS256 exactly (the key's algorithm: never the header's choice); the signature
   * must be the HMAC-SHA-256 of the signing input, compared in constant time in its canonical
   * base64url form (43 characters), so no other encoding of the same bytes passes. Only then is
   * the payload decoded, which makes it a segment this key signed, byte for byte.
   */
  private verifyHs256(
    token: string,
    key: OpenedSigningKey,
  ): { header: { typ?: unknown }; payload: unknown } {
    const first = token.indexOf('.');
    const second = first > 0 ? token.indexOf('.', first + 1) : -1;
    if (second < 0 || token.indexOf('.', second + 1) !== -1)
      throw new InvalidTokenError();
    const header = this.checkedHeader(token, token.slice(0, first));
    if (header.alg !== 'HS256') throw new InvalidTokenError();
    // The signing input as UTF-8, as signed: a token we issued is ASCII, and any other character
    // encodes to bytes no ASCII input has, so no other string passes for it.
    if (
      !this.macFor(key).verifies(
        token.slice(0, second),
        token.slice(second + 1),
      )
    )
      throw new InvalidTokenError();
    let payload: unknown;
    try {
      payload = JSON.parse(this.decodeSegment(token.slice(first + 1, second)));
    } catch {
      throw new InvalidTokenError();
    }
    return { header, payload };
  }

  private macFor(key: OpenedSigningKey): Hs256Mac {
    let mac = this.macs.get(key.verificationKey);
    if (mac === undefined) {
      mac = new Hs256Mac(key.verificationKey);
      this.macs.set(key.verificationKey, mac);
    }
    return mac;
  }

  /**
   * A signed base64url segment as UTF-8 text, decoded through one scratch buffer (the check is
   * synchronous, so no two use it at once) instead of a new Buffer per token: a million distinct
   * tokens would otherwise each leave one to the collector.
   */
  private decodeSegment(segment: string): string {
    if (segment.length > PAYLOAD_SCRATCH_BYTES)
      return Buffer.from(segment, 'base64url').toString('utf8');
    const length = this.payloadScratch.write(segment, 'base64url');
    return this.payloadScratch.toString('utf8', 0, length);
  }

  /**
   * One fast-jwt verifier per ES256 key, its algorithm pinned. It is given the SPKI PEM (fast-jwt
   * reads that, not a KeyObject); no cache, no claim checks of its own (they are done above,
   * against the module's clock, not Date.now()).
   */
  private verifierFor(key: OpenedSigningKey): (token: string) => unknown {
    let verifier = this.verifiers.get(key.kid);
    if (verifier === undefined) {
      verifier = createVerifier({
        key: key.verificationKey.export({
          type: 'spki',
          format: 'pem',
        }) as string,
        algorithms: ['ES256'],
        complete: true,
        cache: false,
        ignoreExpiration: true,
        ignoreNotBefore: true,
      }) as (token: string) => unknown;
      this.verifiers.set(key.kid, verifier);
    }
    return verifier;
  }

  private async verifyWithJose(
    token: string,
    key: OpenedSigningKey,
    now: Date,
  ): Promise<{ header: { typ?: unknown }; payload: unknown }> {
    if (!hasCanonicalSignature(token)) throw new InvalidTokenError();
    try {
      const result = await jwtVerify(token, key.verificationKey, {
        algorithms: ['EdDSA'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceSeconds,
        currentDate: now,
      });
      return { header: result.protectedHeader, payload: result.payload };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new TokenExpiredError();
      throw new InvalidTokenError();
    }
  }

  /** One @nestjs/jwt service per key, its algorithm, issuer and audience pinned. */
  private serviceFor(key: OpenedSigningKey): JwtService {
    let service = this.services.get(key.kid);
    if (service === undefined) {
      const algorithm = key.algorithm as 'HS256' | 'ES256';
      service = new JwtService({
        ...(algorithm === 'HS256'
          ? { secret: key.signingKey }
          : { privateKey: key.signingKey, publicKey: key.verificationKey }),
        signOptions: {
          algorithm,
          header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, kid: key.kid },
        },
        verifyOptions: {
          algorithms: [algorithm],
          issuer: this.settings.issuer,
          audience: this.settings.audience,
          clockTolerance: this.settings.clockToleranceSeconds,
        },
      });
      this.services.set(key.kid, service);
    }
    return service;
  }
}

/** Every claim of ours with its type (shared with the resource-server verifiers), plus iss/aud. */
function parseClaims(payload: unknown): AccessTokenClaims | null {
  const facts = parseAccessTokenFacts(payload);
  if (facts === null) return null;
  const { iss, aud } = payload as Record<string, unknown>;
  if (typeof iss !== 'string' || iss === '') return null;
  if (typeof aud !== 'string' || aud === '') return null;
  // `facts` is a fresh object: extend it rather than copy its ten fields again.
  return Object.assign(facts, { iss, aud });
}

/**
 * The claims of a client-credentials token, or `null`: `sub` equal to `client_id`, a `scope`
 * string, `jti`, `iat`/`exp`, and no `sid` (a user login's token is never a service token).
 */
function parseServiceClaims(payload: unknown): ServiceAccessTokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (p.sid !== undefined) return null;
  const { sub, client_id: clientId, scope, jti, iat, exp, iss, aud } = p;
  if (
    ![sub, clientId, jti, iss, aud].every(
      (v) => typeof v === 'string' && v !== '',
    )
  )
    return null;
  if (sub !== clientId || typeof scope !== 'string') return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  return {
    sub: sub as string,
    client_id: clientId as string,
    scope,
    jti: jti as string,
    iat: iat as number,
    exp: exp as number,
    iss: iss as string,
    aud: aud as string,
  };
}
