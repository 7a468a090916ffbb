import {
  Body,
  Controller,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Get,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AuthenticateUserCommand } from '../../../application/commands/authenticate-user/authenticate-user.command.js';
import { GenerateAuthTokensCommand } from '../../../application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
import { RefreshAuthTokensCommand } from '../../../application/commands/refresh-auth-tokens/refresh-auth-tokens.command.js';
import { RegisterUserCommand } from '../../../application/commands/register-user/register-user.command.js';
import { RevokeAllUserSessionsCommand } from '../../../application/commands/revoke-all-user-sessions/revoke-all-user-sessions.command.js';
import { RevokeSessionCommand } from '../../../application/commands/revoke-session/revoke-session.command.js';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { GetCurrentUserQuery } from '../../../application/queries/get-current-user/get-current-user.query.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { RateLimit } from '../decorators/rate-limit.decorator.js';
import { LoginRequestDto } from '../dtos/login.request.dto.js';
import { RefreshRequestDto } from '../dtos/refresh.request.dto.js';
import { RegisterRequestDto } from '../dtos/register.request.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { AuthRateLimitGuard } from '../guards/auth-rate-limit.guard.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import {
  toTokenResponse,
  toUserResponse,
  type TokenResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** Registration, login, refresh, logout and the current user. Mounted under the route prefix. */
@Controller()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, AuthRateLimitGuard)
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('register')
  @HttpCode(HttpStatus.CREATED)
  @RateLimit('register')
  async register(@Body() body: RegisterRequestDto): Promise<UserResponse> {
    const user = await this.commands.execute(
      new RegisterUserCommand(body.username, body.email, body.password),
    );
    return toUserResponse(user);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @RateLimit('login')
  @Header('Cache-Control', 'no-store')
  async login(
    @Body() body: LoginRequestDto,
  ): Promise<TokenResponse & { user: UserResponse }> {
    const principal = await this.commands.execute(
      new AuthenticateUserCommand(body.username, body.password),
    );
    const tokens = await this.commands.execute(
      new GenerateAuthTokensCommand(principal.userId),
    );
    const user = await this.queries.execute(
      new GetCurrentUserQuery(principal.userId),
    );
    return { ...toTokenResponse(tokens), user: toUserResponse(user) };
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @RateLimit('refresh')
  @Header('Cache-Control', 'no-store')
  async refresh(@Body() body: RefreshRequestDto): Promise<TokenResponse> {
    return toTokenResponse(
      await this.commands.execute(
        new RefreshAuthTokensCommand(body.refresh_token),
      ),
    );
  }

  @Post('logout')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  async logout(
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<{ message: string }> {
    await this.commands.execute(
      new RevokeSessionCommand(token.user.userId, token.sessionId),
    );
    return { message: 'Logged out' };
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.OK)
  @UseGuards(JwtAuthGuard)
  async logoutAll(
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ message: string; revoked_sessions: number }> {
    const result = await this.commands.execute(
      new RevokeAllUserSessionsCommand(user.userId),
    );
    return {
      message: 'Logged out of all sessions',
      revoked_sessions: result.revokedSessions,
    };
  }

  @Get('me')
  @UseGuards(JwtAuthGuard)
  @Header('Cache-Control', 'no-store')
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return toUserResponse(
      await this.queries.execute(new GetCurrentUserQuery(user.userId)),
    );
  }
}
