import { HttpException, HttpStatus } from '@nestjs/common';
import type {
  AuthError,
  AuthErrorCode,
} from '../../../domain/errors/auth.error.js';
import { MfaRequiredError } from '../../../domain/errors/mfa-required.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';

/** The JSON body of every error Tokenward answers with. */
export interface AuthErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  /** Only for validation errors: one entry per rule broken (never the offending value). */
  readonly details?: readonly string[];
}

const STATUS_BY_CODE: Record<AuthErrorCode, HttpStatus> = {
  authentication_required: HttpStatus.UNAUTHORIZED,
  invalid_credentials: HttpStatus.UNAUTHORIZED,
  invalid_mfa_token: HttpStatus.UNAUTHORIZED,
  invalid_mfa_code: HttpStatus.UNAUTHORIZED,
  mfa_required: HttpStatus.UNAUTHORIZED,
  totp_already_enabled: HttpStatus.CONFLICT,
  totp_not_enabled: HttpStatus.NOT_FOUND,
  invalid_token: HttpStatus.UNAUTHORIZED,
  token_expired: HttpStatus.UNAUTHORIZED,
  token_revoked: HttpStatus.UNAUTHORIZED,
  token_version_rejected: HttpStatus.UNAUTHORIZED,
  refresh_token_reused: HttpStatus.UNAUTHORIZED,
  refresh_token_superseded: HttpStatus.UNAUTHORIZED,
  user_inactive: HttpStatus.UNAUTHORIZED,
  invalid_client: HttpStatus.UNAUTHORIZED,
  user_already_exists: HttpStatus.CONFLICT,
  user_not_found: HttpStatus.NOT_FOUND,
  validation_failed: HttpStatus.BAD_REQUEST,
  insufficient_role: HttpStatus.FORBIDDEN,
  storage_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  too_many_attempts: HttpStatus.TOO_MANY_REQUESTS,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  server_busy: HttpStatus.SERVICE_UNAVAILABLE,
  auth_service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  signing_key_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  invalid_reset_token: HttpStatus.BAD_REQUEST,
  invalid_verification_token: HttpStatus.BAD_REQUEST,
  email_not_verified: HttpStatus.FORBIDDEN,
  invalid_password: HttpStatus.BAD_REQUEST,
  registration_disabled: HttpStatus.FORBIDDEN,
  session_not_found: HttpStatus.NOT_FOUND,
  passkey_not_found: HttpStatus.NOT_FOUND,
  csrf_failed: HttpStatus.FORBIDDEN,
  unsupported_grant_type: HttpStatus.BAD_REQUEST,
  unauthorized_client: HttpStatus.BAD_REQUEST,
  invalid_scope: HttpStatus.BAD_REQUEST,
  insufficient_scope: HttpStatus.FORBIDDEN,
  stream_not_found: HttpStatus.NOT_FOUND,
  stream_limit_reached: HttpStatus.CONFLICT,
};

/** Standard reason phrases for the statuses Tokenward uses. */
const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Codes for errors that did not start as an `AuthError` (framework or body-parser errors). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'authentication_required',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** The HTTP status a domain error code maps to. */
export function statusForCode(code: AuthErrorCode): HttpStatus {
  return STATUS_BY_CODE[code];
}

/** Builds the uniform error body. */
export function errorBody(
  statusCode: number,
  code: string,
  message: string,
  details?: readonly string[],
): AuthErrorBody {
  return {
    statusCode,
    error: REASON[statusCode] ?? 'Error',
    code,
    message,
    ...(details === undefined ? {} : { details }),
  };
}

/** Seconds a client should wait before retrying, for errors that say so (`Retry-After`). */
export function retryAfterSeconds(error: AuthError): number | null {
  const value = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof value === 'number' && Number.isFinite(value))
    return Math.max(1, Math.ceil(value));
  return error.code === 'storage_unavailable' ? 1 : null;
}

/** The body for a domain error. */
export function bodyForAuthError(error: AuthError): AuthErrorBody {
  const details = error instanceof ValidationError ? error.details : undefined;
  return errorBody(
    statusForCode(error.code),
    error.code,
    error.message,
    details,
  );
}

/**
 * A domain error as an `HttpException` with the uniform body: what guards throw, so host routes
 * answer in Tokenward's format even where Tokenward's filter is not installed.
 */
export function toHttpException(error: AuthError): HttpException {
  const body = bodyForAuthError(error);
  // The cause lets the exception filter answer the same challenge the guard set.
  return new HttpException(body, body.statusCode, { cause: error });
}

/**
 * RFC 9470 §3 challenge of a step-up refusal: `insufficient_user_authentication`, with `max_age`
 * when the route has one.
 */
export function stepUpChallenge(error: MfaRequiredError): string {
  const maxAge =
    error.maxAgeSeconds === null ? '' : `, max_age="${error.maxAgeSeconds}"`;
  return `Bearer realm="tokenward", error="insufficient_user_authentication", error_description="${error.message}"${maxAge}`;
}

/** The step-up refusal behind `exception` (itself, or an HttpException a guard made of it). */
export function mfaRequiredErrorOf(
  exception: unknown,
): MfaRequiredError | null {
  if (exception instanceof MfaRequiredError) return exception;
  if (
    exception instanceof HttpException &&
    exception.cause instanceof MfaRequiredError
  ) {
    return exception.cause;
  }
  return null;
}

/** Re-shapes any `HttpException` (validation pipe, body parser, 404) into the uniform body. */
export function bodyForHttpException(exception: HttpException): AuthErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'code' in response) {
    return response as AuthErrorBody;
  }
  const code =
    CODE_BY_STATUS[status] ??
    (status >= 500 ? 'internal_error' : 'request_rejected');
  const raw =
    typeof response === 'object' && response !== null
      ? (response as { message?: unknown }).message
      : response;
  if (Array.isArray(raw)) {
    const details = raw.filter((m): m is string => typeof m === 'string');
    return errorBody(
      status,
      code,
      details.join('; ') || 'Request rejected',
      details,
    );
  }
  // 5xx text from a framework may carry internals; never pass it through.
  const message =
    status < 500 && typeof raw === 'string' ? raw : (REASON[status] ?? 'Error');
  // Every validation error carries `details`, a framework's (a body parser's 400) included.
  return errorBody(
    status,
    code,
    message,
    code === 'validation_failed' ? [message] : undefined,
  );
}
