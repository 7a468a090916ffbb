import type { KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import jsonwebtoken from 'jsonwebtoken';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';
import {
  AccessTokenSigner,
  type AccessTokenClaims,
  type AccessTokenSubject,
} from '../../domain/ports/access-token-signer.js';

/** Settings of the access-token signer. */
export interface JwtSignerSettings {
  readonly key: KeyObject;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Allowed clock skew in seconds for `exp` and `iat`. */
  readonly clockToleranceSeconds: number;
}

/** RFC 9068 access-token type; the media-type form is accepted as equivalent. */
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);
const ALGORITHM = 'HS256';

/**
 * HS256 access tokens via @nestjs/jwt. Verification pins the algorithm, the `typ` header, issuer
 * and audience, and requires every claim with its type (RFC 8725 §3).
 */
export class JwtAccessTokenSigner extends AccessTokenSigner {
  private readonly jwt: JwtService;

  constructor(private readonly settings: JwtSignerSettings) {
    super();
    this.jwt = new JwtService({
      secret: settings.key,
      signOptions: {
        algorithm: ALGORITHM,
        header: { alg: ALGORITHM, typ: 'at+jwt' },
      },
      verifyOptions: {
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: settings.clockToleranceSeconds,
      },
    });
  }

  sign(
    subject: AccessTokenSubject,
    now: Date,
  ): { token: string; claims: AccessTokenClaims } {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: AccessTokenClaims = {
      ...subject,
      roles: [...subject.roles],
      iat,
      exp: iat + this.settings.ttlSeconds,
      iss: this.settings.issuer,
      aud: this.settings.audience,
    };
    return { token: this.jwt.sign({ ...claims }), claims };
  }

  verify(token: string, now: Date): AccessTokenClaims {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    let decoded: jsonwebtoken.Jwt;
    try {
      decoded = this.jwt.verify<jsonwebtoken.Jwt>(token, {
        complete: true,
        clockTimestamp: nowSeconds,
      });
    } catch (error) {
      if (error instanceof jsonwebtoken.TokenExpiredError)
        throw new TokenExpiredError();
      throw new InvalidTokenError();
    }
    const typ = decoded.header.typ;
    if (typeof typ !== 'string' || !ACCESS_TOKEN_TYPES.has(typ.toLowerCase())) {
      throw new InvalidTokenError();
    }
    const claims = parseClaims(decoded.payload);
    if (claims === null) throw new InvalidTokenError();
    // jsonwebtoken does not look at iat; a token "issued" in the future was not issued by us.
    if (claims.iat > nowSeconds + this.settings.clockToleranceSeconds) {
      throw new InvalidTokenError();
    }
    return claims;
  }
}

function parseClaims(payload: unknown): AccessTokenClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const strings = [p.sub, p.jti, p.sid, p.iss, p.aud];
  if (!strings.every((v) => typeof v === 'string' && v.length > 0)) return null;
  const integers = [p.iat, p.exp, p.gv, p.uv];
  if (!integers.every((v) => Number.isSafeInteger(v))) return null;
  if (!Array.isArray(p.roles) || !p.roles.every((r) => typeof r === 'string'))
    return null;
  return {
    sub: p.sub as string,
    jti: p.jti as string,
    sid: p.sid as string,
    iss: p.iss as string,
    aud: p.aud as string,
    iat: p.iat as number,
    exp: p.exp as number,
    gv: p.gv as number,
    uv: p.uv as number,
    roles: p.roles as string[],
  };
}
