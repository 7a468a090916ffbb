import {
  applyDecorators,
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AuthConfig } from '../../../application/auth-config.js';
import { IssueClientAccessTokenCommand } from '../../../application/commands/issue-client-access-token/issue-client-access-token.command.js';
import { RefreshAuthTokensCommand } from '../../../application/commands/refresh-auth-tokens/refresh-auth-tokens.command.js';
import { RevokeSessionCommand } from '../../../application/commands/revoke-session/revoke-session.command.js';
import type { RefreshTokenSession } from '../../../application/dtos/refresh-token-session.dto.js';
import { FindSessionByRefreshTokenQuery } from '../../../application/queries/find-session-by-refresh-token/find-session-by-refresh-token.query.js';
import { IntrospectTokenQuery } from '../../../application/queries/introspect-token/introspect-token.query.js';
import { InvalidScopeError } from '../../../domain/errors/invalid-scope.error.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { UnauthorizedClientError } from '../../../domain/errors/unauthorized-client.error.js';
import { UnsupportedGrantTypeError } from '../../../domain/errors/unsupported-grant-type.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Public } from '../decorators/public.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { OAuthErrorResponseDto } from '../dtos/oauth-error.response.dto.js';
import { OAuthTokenResponseDto } from '../dtos/oauth-token.response.dto.js';
import { RevokeRequestDto } from '../dtos/revoke.request.dto.js';
import { TokenRequestDto } from '../dtos/token.request.dto.js';
import { OAuthExceptionFilter } from '../filters/oauth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import type { AuthenticatedClient } from '../guards/client-authenticator.js';
import {
  OAUTH_CLIENT_KEY,
  OAuthClientGuard,
} from '../guards/oauth-client.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import {
  ApiBasicAuth,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { toTokenResponse } from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** RFC 6749 §3.3 scope: scope-tokens separated by single spaces. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

type ClientRequest = { [OAUTH_CLIENT_KEY]: AuthenticatedClient };

/** Documents error answers in RFC 6749 §5.2's format (status -> what it means there). */
const OAuthErrorResponses = (errors: Readonly<Record<number, string>>) =>
  applyDecorators(
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        type: OAuthErrorResponseDto,
      }),
    ),
  );

const OAUTH_ERRORS = {
  400: 'invalid_request (malformed, unknown parameter), plus per route below',
  401: 'invalid_client (with `WWW-Authenticate: Basic`)',
  413: 'invalid_request (body larger than `maxBodyBytes`)',
  415: 'invalid_request (neither form-encoded nor JSON)',
  429: 'too_many_attempts (failed client authentications), rate_limited',
  503: 'temporarily_unavailable (storage)',
};

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2: refresh and client-credentials grants) and the
 * RFC 7009 revocation endpoint, both behind client authentication, answering errors as RFC 6749
 * §5.2. They reuse the use cases of `/auth/refresh` and `/auth/logout` through the buses, so
 * rotation, reuse detection and races are the same.
 */
@Controller()
@UseFilters(OAuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard, OAuthClientGuard)
@ApiTags('auth: oauth')
@ApiExtraModels(OAuthErrorResponseDto)
export class OAuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly config: AuthConfig,
  ) {}

  @Post('token')
  @HttpCode(HttpStatus.OK)
  @RateLimit('refresh')
  // The client authenticates itself (a host's global JwtAuthGuard lets it by).
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiBasicAuth()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary:
      'OAuth 2.0 token endpoint: refresh_token and client_credentials grants',
    description:
      '`refresh_token`: the first-party public client (`client_id` = `firstPartyClientId`, auth method `none`) rotates a refresh token exactly as `POST /auth/refresh` does. `client_credentials`: a confidential client with `scopes` gets an access token (no refresh token). No password grant (RFC 9700 §2.4).',
  })
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  @OAuthErrorResponses({
    ...OAUTH_ERRORS,
    400: 'invalid_request, invalid_grant (refresh token invalid, expired, revoked, reused, superseded, or not issued to this client), unauthorized_client, unsupported_grant_type, invalid_scope',
  })
  async token(
    @Body() body: TokenRequestDto,
    @Req() request: ClientRequest,
    @RequestId() requestId: string,
  ): Promise<Record<string, unknown>> {
    const client = request[OAUTH_CLIENT_KEY];
    switch (body.grant_type) {
      case 'refresh_token':
        return this.refreshGrant(body, client, requestId);
      case 'client_credentials':
        return this.clientCredentialsGrant(body, client);
      default:
        throw new UnsupportedGrantTypeError();
    }
  }

  @Post('revoke')
  @HttpCode(HttpStatus.OK)
  @RateLimit('refresh')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiBasicAuth()
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: 'RFC 7009 token revocation',
    description:
      'A refresh or access token of a user login ends its session (as `POST /auth/logout`); only the first-party client may revoke them. 200 with an empty body also for unknown, expired or already revoked tokens, and for client-credentials tokens (which have no session and live out their `expires_in`).',
  })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke (empty body)' })
  @OAuthErrorResponses({
    ...OAUTH_ERRORS,
    400: 'invalid_request, unauthorized_client (the token was issued to another client)',
  })
  async revoke(
    @Body() body: RevokeRequestDto,
    @Req() request: ClientRequest,
  ): Promise<void> {
    const client = request[OAUTH_CLIENT_KEY];
    const lookups =
      body.token_type_hint === 'access_token'
        ? [this.accessTokenSession, this.refreshTokenSession]
        : [this.refreshTokenSession, this.accessTokenSession];
    for (const lookup of lookups) {
      const session = await lookup.call(this, body.token);
      if (session === null) continue;
      // RFC 7009 §2.1: a token is revoked only by the client it was issued to.
      if (client.clientId !== this.config.firstPartyClientId) {
        throw new UnauthorizedClientError(
          'The token was not issued to this client',
        );
      }
      await this.commands.execute(
        new RevokeSessionCommand(session.userId, session.sessionId),
      );
      return;
    }
  }

  private async refreshGrant(
    body: TokenRequestDto,
    client: AuthenticatedClient,
    requestId: string,
  ): Promise<Record<string, unknown>> {
    if (body.refresh_token === undefined) {
      throw new ValidationError(
        'refresh_token is required with grant_type=refresh_token',
      );
    }
    // User sessions are the first-party client's; no other client may redeem their tokens
    // (RFC 6749 §6), and trying spends nothing.
    if (client.clientId !== this.config.firstPartyClientId) {
      throw new InvalidTokenError(
        'The refresh token was not issued to this client',
      );
    }
    // Logins are granted no scope, so a refresh can ask for none (RFC 6749 §6).
    if (body.scope !== undefined) throw new InvalidScopeError();
    const tokens = await this.commands.execute(
      new RefreshAuthTokensCommand(body.refresh_token, requestId),
    );
    return { ...toTokenResponse(tokens) };
  }

  private async clientCredentialsGrant(
    body: TokenRequestDto,
    client: AuthenticatedClient,
  ): Promise<Record<string, unknown>> {
    if (client.method === 'none') {
      throw new UnauthorizedClientError(
        'A public client cannot use the client_credentials grant',
      );
    }
    if (body.scope !== undefined && !SCOPE.test(body.scope)) {
      throw new InvalidScopeError('The scope parameter is malformed');
    }
    const granted = await this.commands.execute(
      new IssueClientAccessTokenCommand(
        client.clientId,
        body.scope === undefined ? null : body.scope.split(' '),
      ),
    );
    return {
      access_token: granted.accessToken,
      token_type: granted.tokenType,
      expires_in: granted.expiresIn,
      scope: granted.scopes.join(' '),
    };
  }

  private async refreshTokenSession(
    token: string,
  ): Promise<RefreshTokenSession | null> {
    return this.queries.execute(new FindSessionByRefreshTokenQuery(token));
  }

  private async accessTokenSession(
    token: string,
  ): Promise<RefreshTokenSession | null> {
    const result = await this.queries.execute(new IntrospectTokenQuery(token));
    if (!result.active || result.details === null) return null;
    return { userId: result.details.sub, sessionId: result.details.sid };
  }
}
