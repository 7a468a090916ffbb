import {
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Get,
  Req,
  Res,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AuthenticateUserCommand } from '../../../application/commands/authenticate-user/authenticate-user.command.js';
import { BeginMfaLoginCommand } from '../../../application/commands/begin-mfa-login/begin-mfa-login.command.js';
import { GenerateAuthTokensCommand } from '../../../application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
import { RefreshAuthTokensCommand } from '../../../application/commands/refresh-auth-tokens/refresh-auth-tokens.command.js';
import { SelfRegisterUserCommand } from '../../../application/commands/self-register-user/self-register-user.command.js';
import { RevokeAllUserSessionsCommand } from '../../../application/commands/revoke-all-user-sessions/revoke-all-user-sessions.command.js';
import { RevokeSessionCommand } from '../../../application/commands/revoke-session/revoke-session.command.js';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { GetCurrentUserQuery } from '../../../application/queries/get-current-user/get-current-user.query.js';
import { RevokeRefreshTokenCommand } from '../../../application/commands/revoke-refresh-token/revoke-refresh-token.command.js';
import { AuthenticationRequiredError } from '../../../domain/errors/authentication-required.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import {
  RefreshTokenCookies,
  type CookieRequest,
} from '../cookies/refresh-token-cookies.js';
import { ClientInfo } from '../decorators/client-info.decorator.js';
import { OptionalAuth } from '../decorators/optional-auth.decorator.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { Public } from '../decorators/public.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { LoginRequestDto } from '../dtos/login.request.dto.js';
import { RefreshRequestDto } from '../dtos/refresh.request.dto.js';
import { RegisterRequestDto } from '../dtos/register.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import {
  toUserResponse,
  type TokenResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { ErrorResponseDto } from '../dtos/error.response.dto.js';
import { LoginResponseDto } from '../dtos/login.response.dto.js';
import { MfaRequiredResponseDto } from '../dtos/mfa-required.response.dto.js';
import { LogoutAllResponseDto } from '../dtos/logout-all.response.dto.js';
import { MessageResponseDto } from '../dtos/message.response.dto.js';
import { TokenResponseDto } from '../dtos/token.response.dto.js';
import { UserResponseDto } from '../dtos/user.response.dto.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '../openapi/optional-swagger.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** The one answer to a registration with `requireVerifiedEmail`, taken or not. */
export const REGISTRATION_ACCEPTED =
  'Check your mailbox: a link to confirm the address is on its way';

/** Registration, login, refresh, logout and the current user. Mounted under the route prefix. */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard)
@ApiTags('auth')
@ApiExtraModels(ErrorResponseDto, LoginResponseDto, MfaRequiredResponseDto)
@ApiErrorResponses({ 503: 'storage_unavailable, server_busy' })
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly cookies: RefreshTokenCookies,
  ) {}

  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('register')
  @Public()
  @ApiOperation({
    summary: 'Register a user (default roles); a verification mail is sent',
    description:
      'With `requireVerifiedEmail`, 202 with the same body whether or not the username or address ' +
      'is taken (a mail tells the owner of the address); else 201 with the user, 409 when taken.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiAcceptedResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    403: 'registration_disabled (`allowSelfRegistration: false`)',
    409: 'user_already_exists',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async register(
    @Body() body: RegisterRequestDto,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<UserResponse | { message: string }> {
    const { user } = await this.commands.execute(
      new SelfRegisterUserCommand(body.username, body.email, body.password),
    );
    if (user !== null) return toUserResponse(user);
    reply.status(HttpStatus.ACCEPTED);
    return { message: REGISTRATION_ACCEPTED };
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @RateLimit('login')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Log in with username (or email) and password',
    description:
      'The same 401 for an unknown user, a wrong password and an inactive account. When the ' +
      'user has a second factor (or policy requires one), the right password answers ' +
      '`{ mfa_required: true, mfa_token, methods }` and no tokens: see `POST /auth/mfa/verify`.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(LoginResponseDto) },
        { $ref: getSchemaPath(MfaRequiredResponseDto) },
      ],
    },
  })
  @ApiErrorResponses({
    400: 'validation_failed',
    401: 'invalid_credentials',
    403: 'email_not_verified (`requireVerifiedEmail`; only once the password is right)',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'too_many_attempts (lockout), rate_limited',
  })
  async login(
    @Body() body: LoginRequestDto,
    @ClientInfo() client: SessionClient,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<
    | (TokenResponse & { user: UserResponse })
    | {
        mfa_required: true;
        mfa_token: string;
        methods: readonly string[];
        expires_in: number;
      }
  > {
    const principal = await this.commands.execute(
      new AuthenticateUserCommand(body.username, body.password),
    );
    const challenge = await this.commands.execute(
      new BeginMfaLoginCommand(principal.userId),
    );
    if (challenge !== null) {
      return {
        mfa_required: true,
        mfa_token: challenge.mfaToken,
        methods: challenge.methods,
        expires_in: challenge.expiresInSeconds,
      };
    }
    const tokens = await this.commands.execute(
      new GenerateAuthTokensCommand(
        principal.userId,
        client,
        body.device_name ?? null,
      ),
    );
    const user = await this.queries.execute(
      new GetCurrentUserQuery(principal.userId),
    );
    return {
      ...this.cookies.present(tokens, request, response),
      user: toUserResponse(user),
    };
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @RateLimit('refresh')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange a refresh token for a new token pair (rotation)',
    description:
      'The refresh token is single use: a repeat of the one just rotated, within ' +
      '`refreshReuseIntervalSeconds`, gets the same successor back; replaying an older one revokes ' +
      'the session (reuse detection). With `refreshTokenCookie`, the token may come from the ' +
      'cookie instead of the body, with the CSRF proof (`X-CSRF-Token`, `Origin`).',
  })
  // Not required: with `refreshTokenCookie` the token may come from the cookie.
  @ApiBody({ type: RefreshRequestDto, required: false })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    401: 'invalid_token, token_expired, token_revoked, token_version_rejected, refresh_token_superseded, refresh_token_reused',
    403: 'csrf_failed (the token came from the cookie without the CSRF proof)',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
  })
  async refresh(
    @Body() body: RefreshRequestDto,
    @RequestId() requestId: string,
    @ClientInfo() client: SessionClient,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<TokenResponse> {
    let token = body.refresh_token;
    if (token === undefined) {
      token = this.cookies.refreshTokenOf(request) ?? undefined;
      if (token === undefined) {
        throw new ValidationError('refresh_token is required', [
          'refresh_token must be a string',
        ]);
      }
      this.cookies.assertCsrf(request);
    }
    const tokens = await this.commands.execute(
      new RefreshAuthTokensCommand(token, requestId, client),
    );
    return this.cookies.present(tokens, request, response);
  }

  @Post('logout')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  @OptionalAuth()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Revoke this session: its access and refresh tokens stop working',
    description:
      'The session of the bearer token; without one, with `refreshTokenCookie`, the session of ' +
      'the refresh-token cookie (with the CSRF proof). Clears the cookies.',
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiErrorResponses({
    401: 'authentication_required, invalid_token, ...',
    403: 'csrf_failed (cookie logout without the CSRF proof)',
  })
  async logout(
    @CurrentToken() token: VerifiedAccessToken | undefined,
    @Req() request: CookieRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ message: string }> {
    if (token !== undefined) {
      await this.commands.execute(
        new RevokeSessionCommand(token.user.userId, token.sessionId),
      );
    } else {
      const refreshToken = this.cookies.refreshTokenOf(request);
      if (refreshToken === null) throw new AuthenticationRequiredError();
      this.cookies.assertCsrf(request);
      await this.commands.execute(new RevokeRefreshTokenCommand(refreshToken));
    }
    this.cookies.clear(response);
    return { message: 'Logged out' };
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke every session of the current user' })
  @ApiOkResponse({ type: LogoutAllResponseDto })
  @ApiErrorResponses({ 401: 'authentication_required, invalid_token, ...' })
  async logoutAll(
    @CurrentUser() user: AuthenticatedUser,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<{ message: string; revoked_sessions: number }> {
    const result = await this.commands.execute(
      new RevokeAllUserSessionsCommand(user.userId, 'logout_all', {
        actorId: user.userId,
        requestId,
      }),
    );
    this.cookies.clear(response);
    return {
      message: 'Logged out of all sessions',
      revoked_sessions: result.revokedSessions,
    };
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses({ 401: 'authentication_required, invalid_token, ...' })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return toUserResponse(
      await this.queries.execute(new GetCurrentUserQuery(user.userId)),
    );
  }
}
