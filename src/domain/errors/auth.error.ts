/** Stable machine-readable codes carried by every Tokenward domain error. */
export type AuthErrorCode =
  | 'authentication_required'
  | 'invalid_credentials'
  | 'invalid_token'
  | 'token_expired'
  | 'token_revoked'
  | 'token_version_rejected'
  | 'refresh_token_reused'
  | 'refresh_token_superseded'
  | 'user_inactive'
  | 'user_already_exists'
  | 'user_not_found'
  | 'validation_failed'
  | 'insufficient_role'
  | 'invalid_client'
  | 'storage_unavailable'
  | 'too_many_attempts'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'server_busy'
  | 'auth_service_unavailable'
  | 'signing_key_unavailable'
  | 'invalid_reset_token'
  | 'invalid_verification_token'
  | 'email_not_verified'
  | 'invalid_password'
  | 'registration_disabled'
  | 'session_not_found'
  | 'csrf_failed'
  | 'unsupported_grant_type'
  | 'unauthorized_client'
  | 'invalid_scope'
  | 'invalid_mfa_token'
  | 'invalid_mfa_code'
  | 'insufficient_scope'
  | 'stream_not_found'
  | 'stream_limit_reached'
  | 'mfa_required'
  | 'totp_already_enabled'
  | 'totp_not_enabled'
  | 'passkey_not_found';

/**
 * Base of every error the domain and application layers raise on purpose. It carries a stable
 * `code`; the HTTP status is decided only at the edge (interface/http), never here.
 */
export abstract class AuthError extends Error {
  abstract readonly code: AuthErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
