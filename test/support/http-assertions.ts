import { expect } from 'vitest';
import type { Response } from 'supertest';

/** Words that must never appear in an error response (stack traces, password hashes). */
const LEAKS = ['stack', '$argon2', 'hashed'];

/**
 * Asserts an error response in Tokenward's format: the status, the stable `code`, exactly the
 * keys `statusCode, error, code, message` (plus `details` for validation errors only) and no
 * leaked internals. Returns the body for further checks.
 */
export function expectError(
  res: Response,
  status: number,
  code: string | readonly string[],
): {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details?: string[];
} {
  const codes = typeof code === 'string' ? [code] : code;
  expect(res.status).toBe(status);
  expect(codes).toContain(res.body?.code);
  const keys = Object.keys(res.body).sort();
  if (res.body.code === 'validation_failed') {
    expect(keys).toEqual(['code', 'details', 'error', 'message', 'statusCode']);
    expect(Array.isArray(res.body.details)).toBe(true);
    expect(res.body.details.length).toBeGreaterThan(0);
    for (const detail of res.body.details) expect(typeof detail).toBe('string');
  } else {
    expect(keys).toEqual(['code', 'error', 'message', 'statusCode']);
  }
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.error).toBe('string');
  expect(res.body.error.length).toBeGreaterThan(0);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message.length).toBeGreaterThan(0);
  expectNoLeaks(res);
  return res.body;
}

/**
 * Codes a token of a session revoked by logout-all or deactivation may get: which check fires
 * first depends on whether the background poll has already seen the session revocations.
 */
export const REVOKED_USER_CODES = [
  'token_revoked',
  'token_version_rejected',
  'user_inactive',
] as const;

/** A 401 with its `WWW-Authenticate` challenge (RFC 6750 §3 / RFC 7617). */
export function expectUnauthorized(
  res: Response,
  code: string | readonly string[],
  scheme: 'Bearer' | 'Basic' = 'Bearer',
): void {
  expectError(res, 401, code);
  expect(res.headers['www-authenticate']).toMatch(
    new RegExp(`^${scheme} realm=`),
  );
}

/** The raw response text carries no stack trace, password hash or hashing hint. */
export function expectNoLeaks(res: Response): void {
  const text = res.text ?? JSON.stringify(res.body);
  for (const leak of LEAKS) expect(text).not.toContain(leak);
}

/** Every key of a public user, and nothing else (no password, no hash, no token version). */
export const PUBLIC_USER_KEYS = [
  'created_at',
  'email',
  'email_verified',
  'id',
  'is_active',
  'roles',
  'username',
];

/** Asserts the public-user shape and that nothing password-like is anywhere in the response. */
export function expectPublicUser(
  user: Record<string, unknown>,
  res?: Response,
): void {
  expect(Object.keys(user).sort()).toEqual(PUBLIC_USER_KEYS);
  expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof user.username).toBe('string');
  expect(typeof user.email).toBe('string');
  expect(typeof user.is_active).toBe('boolean');
  expect(Array.isArray(user.roles)).toBe(true);
  expect(new Date(user.created_at as string).toISOString()).toBe(
    user.created_at,
  );
  if (res !== undefined) {
    expect(res.text).not.toMatch(/password|hash|\$argon2|token_version/i);
  }
}

/** Decodes a JWT's payload without verifying it (to check what a client could read). */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** Decodes a JWT's header. */
export function jwtHeader(token: string): Record<string, unknown> {
  const part = token.split('.')[0] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

/** A request's response and how long it took to arrive, in ms (for generous latency bounds). */
export async function timed(
  request: PromiseLike<Response>,
): Promise<{ res: Response; ms: number }> {
  const started = performance.now();
  const res = await request;
  return { res, ms: performance.now() - started };
}
