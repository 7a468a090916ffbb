import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { describeError } from '../../../application/services/error-description.js';
import { AuthError } from '../../../domain/errors/auth.error.js';
import {
  retryAfterSeconds,
  statusForCode,
} from '../errors/http-error.mapper.js';

/** An RFC 6749 §5.2 error body. */
export interface OAuthErrorBody {
  readonly error: string;
  readonly error_description: string;
}

/** Refresh failures: the grant is unusable, whichever way (RFC 6749 §5.2 `invalid_grant`). */
const INVALID_GRANT = new Set([
  'invalid_token',
  'token_expired',
  'token_revoked',
  'token_version_rejected',
  'refresh_token_reused',
  'refresh_token_superseded',
  'user_inactive',
  'user_not_found',
]);

/** Codes answered as they are, with the status the shared table gives them. */
const AS_IS = new Set([
  'invalid_client',
  'unsupported_grant_type',
  'unauthorized_client',
  'invalid_scope',
  'too_many_attempts',
  'rate_limited',
]);

/**
 * Errors of the OAuth endpoints (`/auth/token`, `/auth/revoke`) in RFC 6749 §5.2's
 * `{ error, error_description }`: refresh failures are 400 `invalid_grant`, malformed requests 400
 * `invalid_request`, failed client authentication 401 `invalid_client` with `WWW-Authenticate`,
 * outages 503 `temporarily_unavailable` with `Retry-After`. Always `Cache-Control: no-store`.
 * Unknown errors are a bare 500 `server_error`, logged by name and message only.
 */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Tokenward');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = this.toAnswer(exception);
    const response = host.switchToHttp().getResponse<unknown>();
    const adapter = this.adapterHost.httpAdapter;
    if (status === 401) {
      adapter.setHeader(
        response,
        'WWW-Authenticate',
        'Basic realm="tokenward"',
      );
    }
    const retryAfter =
      exception instanceof AuthError ? retryAfterSeconds(exception) : null;
    if (retryAfter !== null) {
      adapter.setHeader(response, 'Retry-After', String(retryAfter));
    }
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.setHeader(response, 'Pragma', 'no-cache');
    adapter.reply(response, body, status);
  }

  private toAnswer(exception: unknown): {
    status: number;
    body: OAuthErrorBody;
  } {
    if (exception instanceof AuthError) {
      const status = statusForCode(exception.code);
      if (INVALID_GRANT.has(exception.code)) {
        return answer(400, 'invalid_grant', exception.message);
      }
      if (AS_IS.has(exception.code)) {
        return answer(status, exception.code, exception.message);
      }
      if (status === 503) {
        return answer(503, 'temporarily_unavailable', exception.message);
      }
      if (status < 500) {
        return answer(status, 'invalid_request', exception.message);
      }
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500) {
        return answer(status, 'invalid_request', requestProblem(exception));
      }
      if (status === 503) {
        return answer(503, 'temporarily_unavailable', 'Try again later');
      }
    }
    this.logger.error(
      `Unhandled error on an OAuth route: ${describeError(exception)}`,
    );
    return answer(500, 'server_error', 'Internal server error');
  }
}

function answer(
  status: number,
  error: string,
  description: string,
): { status: number; body: OAuthErrorBody } {
  // RFC 6749 §5.2: error_description is printable ASCII without '"' and '\\'.
  const printable = description.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, ' ');
  return { status, body: { error, error_description: printable } };
}

/** The validation pipe's messages (rule names, never values), or a generic phrase. */
function requestProblem(exception: HttpException): string {
  const response = exception.getResponse();
  const raw =
    typeof response === 'object' && response !== null
      ? (response as { message?: unknown }).message
      : response;
  if (Array.isArray(raw)) {
    const messages = raw.filter((m): m is string => typeof m === 'string');
    if (messages.length > 0) return messages.join('; ');
  }
  return typeof raw === 'string' ? raw : 'The request is malformed';
}
