import {
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { ValidateAccessTokenQuery } from '../../../application/queries/validate-access-token/validate-access-token.query.js';
import { AuthError } from '../../../domain/errors/auth.error.js';
import { MfaRequiredError } from '../../../domain/errors/mfa-required.error.js';
import {
  assertMfaRequirementMet,
  type MfaRequirement,
} from '../../../domain/policies/mfa-requirement.policy.js';
import { Clock } from '../../../domain/ports/clock.js';
import { ADMIN_ROUTES_KEY } from '../decorators/admin-routes.decorator.js';
import { IS_OPTIONAL_AUTH_KEY } from '../decorators/optional-auth.decorator.js';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator.js';
import { REQUIRE_MFA_KEY } from '../decorators/require-mfa.decorator.js';
import {
  ADMIN_MFA_REQUIREMENT,
  type AdminMfaRequirement,
} from './admin-mfa-requirement.js';
import {
  bodyForAuthError,
  retryAfterSeconds,
  stepUpChallenge,
  toHttpException,
} from '../errors/http-error.mapper.js';
import { extractBearerToken, TOKEN_REQUEST_KEY } from './bearer-token.js';
import { requestOf, responseOf } from './request-of.js';
import {
  methodAndPath,
  SKIP_AUTHENTICATION,
  type ShouldSkipAuthentication,
} from './skip-authentication.js';

interface GuardedRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  user?: unknown;
  [TOKEN_REQUEST_KEY]?: VerifiedAccessToken;
}

/**
 * Requires a valid, unrevoked access token unless the route is `@Public()` or the host's
 * `ShouldSkipAuthentication` function (token `SKIP_AUTHENTICATION`) lets the request through. On an
 * `@OptionalAuth()` route a request without a token passes with no user; a bad token is still a
 * 401. On a `@RequireMfa()` route (and on the module's admin routes with
 * `mfa.requireForAdminRoutes`) the token must also come from a login with a second factor, recent
 * enough: else 401 `mfa_required` with an RFC 9470 challenge. Works for GraphQL resolvers too
 * (see `requestOf`).
 * Sets `request.user` (`AuthenticatedUser`) and `request.tokenward` (`VerifiedAccessToken`).
 * Failures are thrown as `HttpException`s carrying Tokenward's error body, so they render the
 * same on host routes.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly queries: QueryBus,
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(SKIP_AUTHENTICATION)
    private readonly shouldSkip?: ShouldSkipAuthentication | null,
    @Optional()
    @Inject(ADMIN_MFA_REQUIREMENT)
    private readonly adminMfa?: AdminMfaRequirement,
    @Optional() private readonly clock?: Clock,
  ) {}

  /** Each route's MFA requirement, read from its metadata once (the guard runs on every request). */
  private readonly requirements = new WeakMap<
    object,
    WeakMap<object, MfaRequirement | null>
  >();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(
      IS_PUBLIC_KEY,
      [context.getHandler(), context.getClass()],
    );
    if (isPublic === true) return true;
    const request = requestOf<GuardedRequest>(context);
    if (this.shouldSkip?.(...methodAndPath(request)) === true) return true;
    try {
      const token = extractBearerToken(request.headers.authorization);
      const verified = await this.queries.execute(
        new ValidateAccessTokenQuery(token),
      );
      const requirement = this.mfaRequirementOf(context);
      if (requirement !== null) {
        const now = this.clock?.now() ?? new Date();
        assertMfaRequirementMet(
          verified,
          requirement,
          Math.floor(now.getTime() / 1000),
        );
      }
      request.user = verified.user;
      request[TOKEN_REQUEST_KEY] = verified;
      return true;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      // Looked up only here, so the guard's cost on a request with a token is unchanged.
      if (
        error.code === 'authentication_required' &&
        request.headers.authorization === undefined &&
        this.reflector.getAllAndOverride<boolean | undefined>(
          IS_OPTIONAL_AUTH_KEY,
          [context.getHandler(), context.getClass()],
        ) === true
      ) {
        return true;
      }
      this.challenge(responseOf<unknown>(context), error);
      throw toHttpException(error);
    }
  }

  /** `@RequireMfa` on the handler or its class, else the admin routes' requirement; null: none. */
  private mfaRequirementOf(context: ExecutionContext): MfaRequirement | null {
    const handler = context.getHandler();
    const type = context.getClass();
    let byHandler = this.requirements.get(type);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.requirements.set(type, byHandler);
    }
    let requirement = byHandler.get(handler);
    if (requirement === undefined) {
      const targets = [handler, type];
      requirement =
        this.reflector.getAllAndOverride<MfaRequirement | undefined>(
          REQUIRE_MFA_KEY,
          targets,
        ) ??
        (this.adminMfa != null &&
        this.reflector.getAllAndOverride<boolean | undefined>(
          ADMIN_ROUTES_KEY,
          targets,
        ) === true
          ? this.adminMfa
          : null);
      byHandler.set(handler, requirement);
    }
    return requirement;
  }

  // RFC 6750 §3: a 401 for a bearer-protected resource carries a WWW-Authenticate challenge; a
  // 503 (storage down) says when to retry. RFC 9470 §3: a step-up refusal says why and how old a
  // login may be.
  private challenge(response: unknown, error: AuthError): void {
    const retryAfter = retryAfterSeconds(error);
    if (retryAfter !== null) {
      this.adapterHost.httpAdapter?.setHeader(
        response,
        'Retry-After',
        String(retryAfter),
      );
    }
    const body = bodyForAuthError(error);
    if (body.statusCode !== 401) return;
    const challenge =
      error instanceof MfaRequiredError
        ? stepUpChallenge(error)
        : error.code === 'authentication_required'
          ? 'Bearer realm="tokenward"'
          : 'Bearer realm="tokenward", error="invalid_token"';
    this.adapterHost.httpAdapter?.setHeader(
      response,
      'WWW-Authenticate',
      challenge,
    );
  }
}
