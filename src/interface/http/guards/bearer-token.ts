import { AuthenticationRequiredError } from '../../../domain/errors/authentication-required.error.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';

/** Request property where `JwtAuthGuard` puts the `VerifiedAccessToken`. */
export const TOKEN_REQUEST_KEY = 'tokenward';

/** Longest Authorization header looked at; real access tokens are well under 1 KiB. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

// RFC 6750 §2.1: the scheme is case-insensitive, the credentials a single b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The bearer token of an Authorization header. Missing header or another scheme: authentication
 * required; a Bearer header that is malformed, oversized or carries several values: invalid token.
 */
export function extractBearerToken(
  header: string | string[] | undefined,
): string {
  if (header === undefined || header === '')
    throw new AuthenticationRequiredError();
  if (Array.isArray(header) || header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new InvalidTokenError();
  }
  const match = BEARER.exec(header);
  if (match !== null) return match[1] as string;
  if (/^bearer(\s|$)/i.test(header)) throw new InvalidTokenError();
  throw new AuthenticationRequiredError();
}
