import { decodeJwt, decodeProtectedHeader } from 'jose';
import { InvalidTokenError } from '../../domain/errors/invalid-token.error.js';
import { TokenExpiredError } from '../../domain/errors/token-expired.error.js';

/** The claims every Tokenward access token carries besides `iss` and `aud`. */
export interface AccessTokenFacts {
  readonly sub: string;
  readonly jti: string;
  readonly sid: string;
  readonly iat: number;
  readonly exp: number;
  readonly gv: number;
  readonly uv: number;
  readonly roles: readonly string[];
  /** `preferred_username`, when the token carries it. */
  readonly username?: string;
  /** `email`, when the token carries it. */
  readonly email?: string;
  /** `amr` (RFC 8176), when the token carries it: how the login behind it authenticated. */
  readonly amr?: readonly string[];
  /** `auth_time` (seconds), when the token carries it: when that login authenticated. */
  readonly auth_time?: number;
}

/** Claims `jwtVerify` must find present (their types are checked by `parseAccessTokenFacts`). */
export const REQUIRED_CLAIMS = [
  'sub',
  'jti',
  'sid',
  'iat',
  'exp',
  'gv',
  'uv',
  'roles',
];

/** RFC 9068 `typ`, compared the way RFC 7515 §4.1.9 says (case-insensitive, `application/` optional). */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Every claim present with its type, or `null`. */
export function parseAccessTokenFacts(
  payload: unknown,
): AccessTokenFacts | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  // Plain checks, no intermediate arrays or spreads: this runs on every uncached request.
  const { sub, jti, sid, iat, exp, gv, uv, roles } = p;
  if (
    !isNonEmptyString(sub) ||
    !isNonEmptyString(jti) ||
    !isNonEmptyString(sid)
  )
    return null;
  if (
    !Number.isSafeInteger(iat) ||
    !Number.isSafeInteger(exp) ||
    !Number.isSafeInteger(gv) ||
    !Number.isSafeInteger(uv)
  )
    return null;
  if (!Array.isArray(roles)) return null;
  const copiedRoles: string[] = [];
  for (const role of roles as unknown[]) {
    if (typeof role !== 'string') return null;
    copiedRoles.push(role);
  }
  // Optional (older tokens have neither), but typed when present.
  const { preferred_username: username, email } = p;
  if (username !== undefined && typeof username !== 'string') return null;
  if (email !== undefined && typeof email !== 'string') return null;
  const { amr, auth_time: authTime } = p;
  let copiedAmr: string[] | undefined;
  if (amr !== undefined) {
    if (!Array.isArray(amr)) return null;
    copiedAmr = [];
    for (const method of amr as unknown[]) {
      if (typeof method !== 'string') return null;
      copiedAmr.push(method);
    }
  }
  if (authTime !== undefined && !Number.isSafeInteger(authTime)) return null;
  const facts: {
    -readonly [K in keyof AccessTokenFacts]: AccessTokenFacts[K];
  } = {
    sub,
    jti,
    sid,
    iat: iat as number,
    exp: exp as number,
    gv: gv as number,
    uv: uv as number,
    roles: copiedRoles,
  };
  if (username !== undefined) facts.username = username;
  if (email !== undefined) facts.email = email;
  if (copiedAmr !== undefined) facts.amr = copiedAmr;
  if (authTime !== undefined) facts.auth_time = authTime as number;
  return facts;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The JWT payload of `claims`: `username` travels as OpenID's `preferred_username`. */
export function toWireClaims(
  claims: AccessTokenFacts,
): Record<string, unknown> {
  const { username, ...rest } = claims;
  return username === undefined
    ? { ...rest }
    : { ...rest, preferred_username: username };
}

/** What the unverified pre-check expects of a token. */
export interface TokenExpectations {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
}

/** An access token decoded without verifying it: only ever used to refuse early. */
export interface UnverifiedToken {
  readonly header: { readonly alg: string; readonly kid?: string };
  readonly facts: AccessTokenFacts;
}

/**
 * Decodes (does not verify) a token and refuses it when it cannot be one of the auth service's
 * live access tokens: not a JWT, wrong `typ`, issuer or audience, a missing claim, `iat` in the
 * future or already expired. Saves a key-set refetch or an introspection round-trip for garbage;
 * whatever passes is still verified or introspected.
 */
export function precheckAccessToken(
  token: string,
  expected: TokenExpectations,
  nowSeconds: number,
): UnverifiedToken {
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    payload = decodeJwt(token) as Record<string, unknown>;
  } catch {
    throw new InvalidTokenError();
  }
  if (
    typeof header.alg !== 'string' ||
    !isAccessTokenType(header.typ) ||
    hasCriticalExtensions(header) ||
    !hasCanonicalSignature(token)
  )
    throw new InvalidTokenError();
  if (header.kid !== undefined && typeof header.kid !== 'string')
    throw new InvalidTokenError();
  if (payload.iss !== expected.issuer || !hasAudience(payload.aud, expected))
    throw new InvalidTokenError();
  const facts = parseAccessTokenFacts(payload);
  if (facts === null) throw new InvalidTokenError();
  const tolerance = expected.clockToleranceSeconds;
  if (facts.iat > nowSeconds + tolerance) throw new InvalidTokenError();
  if (nowSeconds >= facts.exp + tolerance) throw new TokenExpiredError();
  return {
    header: { alg: header.alg, kid: header.kid as string | undefined },
    facts,
  };
}

/**
 * Whether the compact JWS's signature segment is the canonical unpadded base64url of its bytes.
 * jose and fast-jwt decode leniently (unused low bits of the last character, padding, the other
 * alphabet, even surrounding spaces), so one signature would pass under several spellings and a
 * token be malleable as a string; each verifier refuses any other spelling first.
 */
export function hasCanonicalSignature(jws: string): boolean {
  const signature = jws.slice(jws.lastIndexOf('.') + 1);
  return (
    signature !== '' &&
    Buffer.from(signature, 'base64url').toString('base64url') === signature
  );
}

/**
 * Whether the JWS header has a `crit` parameter. Tokenward's tokens use no extension and its
 * verifiers understand none, so RFC 7515 §4.1.11 makes any `crit` (even `[]`, which producers must
 * not send) a refusal. Checked here because jsonwebtoken ignores `crit` and jose accepts the
 * extensions it implements (`b64`): refusing before either keeps HS256, ES256 and EdDSA alike.
 */
export function hasCriticalExtensions(header: object): boolean {
  return Object.hasOwn(header, 'crit');
}

/** `at+jwt` or `application/at+jwt`, in any case (RFC 9068 §2.1, RFC 7515 §4.1.9). */
export function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const normalized = typ.toLowerCase();
  return (
    normalized === ACCESS_TOKEN_TYPE ||
    normalized === `application/${ACCESS_TOKEN_TYPE}`
  );
}

function hasAudience(aud: unknown, expected: TokenExpectations): boolean {
  return (
    aud === expected.audience ||
    (Array.isArray(aud) && aud.includes(expected.audience))
  );
}
