import type { JsonWebKeySet } from '../../../application/dtos/json-web-key-set.dto.js';
import type { SigningKeyRotationResult } from '../../../application/dtos/signing-key-rotation-result.dto.js';
import type { SigningKeyView } from '../../../application/dtos/signing-key-view.dto.js';
import type { AuditRecordPage } from '../../../application/dtos/audit-record-page.dto.js';
import type { AuthTokens } from '../../../application/dtos/auth-tokens.dto.js';
import type { GlobalRotationResult } from '../../../application/dtos/global-rotation-result.dto.js';
import type { GlobalRotationView } from '../../../application/dtos/global-rotation-view.dto.js';
import type { IntrospectionResult } from '../../../application/dtos/introspection-result.dto.js';
import type { PublicUser } from '../../../application/dtos/public-user.dto.js';
import type { UserPage } from '../../../application/dtos/user-page.dto.js';
import type { UserRotationResult } from '../../../application/dtos/user-rotation-result.dto.js';
import type { AuditRecord } from '../../../domain/entities/audit-record.entity.js';
import type { SessionView } from '../../../application/dtos/session-view.dto.js';

// The wire speaks OAuth-style snake_case; everything inside TypeScript is camelCase. These are
// the only places the two meet.

/** A user on the wire. */
export interface UserResponse {
  id: string;
  username: string;
  email: string;
  email_verified: boolean;
  is_active: boolean;
  roles: string[];
  created_at: string;
}

/** An audit record on the wire (`expiresAt`, the retention, stays inside). */
export interface AuditRecordResponse {
  id: string;
  action: string;
  actor_id: string | null;
  subject_id: string | null;
  reason: string | null;
  request_id: string | null;
  occurred_at: string;
  details: Record<string, string | number | boolean>;
}

/** A token pair on the wire (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  /** Absent with `refreshTokenCookie`: the token travels as an HttpOnly cookie. */
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** A session on the wire; `current` when it is the session of the token that asked. */
export interface SessionResponse {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  login_ip: string | null;
  login_user_agent: string | null;
  last_used_ip: string | null;
  last_used_user_agent: string | null;
  device_name: string | null;
  current: boolean;
}

export function toSessionResponse(
  session: SessionView,
  currentSessionId: string | null,
): SessionResponse {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    login_ip: session.loginIp,
    login_user_agent: session.loginUserAgent,
    last_used_ip: session.lastUsedIp,
    last_used_user_agent: session.lastUsedUserAgent,
    device_name: session.deviceName,
    current: session.id === currentSessionId,
  };
}

export function toUserResponse(user: PublicUser): UserResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    email_verified: user.emailVerified,
    is_active: user.isActive,
    roles: [...user.roles],
    created_at: user.createdAt.toISOString(),
  };
}

export function toTokenResponse(tokens: AuthTokens): TokenResponse {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: tokens.tokenType,
    expires_in: tokens.expiresIn,
  };
}

export function toIntrospectionResponse(
  result: IntrospectionResult,
): Record<string, unknown> {
  const d = result.details;
  if (!result.active || d === null) return { active: false };
  return {
    active: true,
    sub: d.sub,
    username: d.username,
    exp: d.exp,
    iat: d.iat,
    jti: d.jti,
    sid: d.sid,
    iss: d.iss,
    aud: d.aud,
    token_type: 'access_token',
    roles: [...d.roles],
    user: toUserResponse(d.user),
  };
}

export function toGlobalRotationResponse(
  result: GlobalRotationResult,
): Record<string, unknown> {
  return {
    previous_version: result.previousVersion,
    new_version: result.newVersion,
    grace_period_seconds: result.gracePeriodSeconds,
    grace_ends_at: result.graceEndsAt.toISOString(),
    ...(result.signingKey === null
      ? {}
      : { signing_key: toSigningKeyRotationResponse(result.signingKey) }),
  };
}

export function toGlobalRotationStateResponse(
  view: GlobalRotationView,
): Record<string, unknown> {
  return {
    version: view.version,
    previous_version: view.previousVersion,
    rotated_at: view.rotatedAt?.toISOString() ?? null,
    grace_ends_at: view.graceEndsAt?.toISOString() ?? null,
    reason: view.reason,
  };
}

export function toUserRotationResponse(
  result: UserRotationResult,
): Record<string, unknown> {
  return {
    user_id: result.userId,
    previous_version: result.previousVersion,
    new_version: result.newVersion,
  };
}

export function toUserPageResponse(page: UserPage): Record<string, unknown> {
  return {
    items: page.items.map(toUserResponse),
    skip: page.skip,
    limit: page.limit,
    total: page.total,
  };
}

export function toJsonWebKeySetResponse(
  set: JsonWebKeySet,
): Record<string, unknown> {
  return { keys: set.keys.map((jwk) => ({ ...jwk })) };
}

export function toSigningKeyRotationResponse(
  result: SigningKeyRotationResult,
): Record<string, unknown> {
  return {
    kid: result.kid,
    algorithm: result.algorithm,
    previous_kid: result.previousKid,
    revoked_kids: [...result.revokedKids],
    rotated_at: result.rotatedAt.toISOString(),
    previous_key_verifies_until:
      result.previousKeyVerifiesUntil?.toISOString() ?? null,
  };
}

export function toSigningKeyListResponse(
  keys: readonly SigningKeyView[],
): Record<string, unknown> {
  return {
    keys: keys.map((key) => ({
      kid: key.kid,
      algorithm: key.algorithm,
      status: key.status,
      created_at: key.createdAt.toISOString(),
      retired_at: key.retiredAt?.toISOString() ?? null,
      revoked_at: key.revokedAt?.toISOString() ?? null,
      verifies_until: key.verifiesUntil?.toISOString() ?? null,
    })),
  };
}

/** An audit record on the wire: snake_case fields and detail keys, ISO time, no expiry. */
export function toAuditRecordResponse(
  record: AuditRecord,
): AuditRecordResponse {
  return {
    id: record.id,
    action: record.action,
    actor_id: record.actorId,
    subject_id: record.subjectId,
    reason: record.reason,
    request_id: record.requestId,
    occurred_at: record.occurredAt.toISOString(),
    details: Object.fromEntries(
      Object.entries(record.details).map(([key, value]) => [
        snakeCase(key),
        value,
      ]),
    ),
  };
}

/** A page of the audit trail on the wire. */
export function toAuditPageResponse(
  page: AuditRecordPage,
): Record<string, unknown> {
  return {
    items: page.items.map(toAuditRecordResponse),
    skip: page.skip,
    limit: page.limit,
    total: page.total,
  };
}

/** `previousVersion` -> `previous_version`. */
function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
