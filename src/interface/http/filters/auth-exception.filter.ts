import {
  Catch,
  HttpException,
  Inject,
  Logger,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthError } from '../../../domain/errors/auth.error.js';
import { InsufficientScopeError } from '../../../domain/errors/insufficient-scope.error.js';
import { describeError } from '../../../application/services/error-description.js';
import {
  bodyForAuthError,
  bodyForHttpException,
  errorBody,
  mfaRequiredErrorOf,
  retryAfterSeconds,
  stepUpChallenge,
  type AuthErrorBody,
} from '../errors/http-error.mapper.js';
import { TOKENWARD_ROUTE_PREFIX } from '../controllers/route-prefix.token.js';
import { OAuthExceptionFilter } from './oauth-exception.filter.js';

/**
 * Turns every error on Tokenward's own routes into `{ statusCode, error, code, message }`. Works on
 * Express and Fastify alike (replies through the adapter). Unknown errors become a bare 500 and
 * are logged by name and message only: no stack trace, no input.
 */
@Catch()
export class AuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Tokenward');
  private readonly oauthPaths: ReadonlySet<string>;
  private readonly oauth: OAuthExceptionFilter;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(TOKENWARD_ROUTE_PREFIX)
    routePrefix: string | null = null,
  ) {
    const prefix = (routePrefix ?? '').replace(/^\/+|\/+$/g, '');
    const base = prefix === '' ? '' : `/${prefix}`;
    this.oauthPaths =
      routePrefix === null
        ? new Set()
        : new Set([`${base}/token`, `${base}/revoke`]);
    this.oauth = new OAuthExceptionFilter(adapterHost);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    // As the global filter (`globalErrorFilter`), it also sees what fails before the OAuth
    // routes' own filter can (a body the parser refuses): those still answer as RFC 6749 says.
    if (this.isOAuthRoute(host)) {
      this.oauth.catch(exception, host);
      return;
    }
    const body = this.toBody(exception);
    const response = host.switchToHttp().getResponse<unknown>();
    const adapter = this.adapterHost.httpAdapter;
    if (body.statusCode === 401) {
      const stepUp = mfaRequiredErrorOf(exception);
      adapter.setHeader(
        response,
        'WWW-Authenticate',
        stepUp === null ? wwwAuthenticate(body) : stepUpChallenge(stepUp),
      );
    }
    // RFC 6750 §3: a valid token without the route's scope says which scope would do.
    if (exception instanceof InsufficientScopeError) {
      adapter.setHeader(
        response,
        'WWW-Authenticate',
        `Bearer realm="tokenward", error="insufficient_scope", scope="${exception.scope}"`,
      );
    }
    // A guard's 503 arrives as an HttpException; JwtAuthGuard has set its Retry-After already.
    const retryAfter =
      exception instanceof AuthError ? retryAfterSeconds(exception) : null;
    if (retryAfter !== null) {
      adapter.setHeader(response, 'Retry-After', String(retryAfter));
    }
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.reply(response, body, body.statusCode);
  }

  private isOAuthRoute(host: ArgumentsHost): boolean {
    if (this.oauthPaths.size === 0 || host.getType() !== 'http') return false;
    const request = host
      .switchToHttp()
      .getRequest<{ originalUrl?: string; url?: string } | undefined>();
    const url = request?.originalUrl ?? request?.url ?? '';
    return this.oauthPaths.has(url.split('?')[0] ?? '');
  }

  private toBody(exception: unknown): AuthErrorBody {
    if (exception instanceof AuthError) return bodyForAuthError(exception);
    if (exception instanceof HttpException) {
      return bodyForHttpException(exception);
    }
    this.logger.error(
      `Unhandled error on an auth route: ${describeError(exception)}`,
    );
    return errorBody(500, 'internal_error', 'Internal server error');
  }
}

/** Codes that say the presented bearer token itself is unusable (RFC 6750 §3.1 `invalid_token`). */
const INVALID_BEARER = new Set([
  'invalid_token',
  'token_expired',
  'token_revoked',
  'token_version_rejected',
  'user_inactive',
]);

function wwwAuthenticate(body: AuthErrorBody): string {
  if (body.code === 'invalid_client') return 'Basic realm="tokenward"';
  if (INVALID_BEARER.has(body.code))
    return 'Bearer realm="tokenward", error="invalid_token"';
  return 'Bearer realm="tokenward"';
}
