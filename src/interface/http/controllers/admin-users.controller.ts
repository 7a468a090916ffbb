import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EndSessionCommand } from '../../../application/commands/end-session/end-session.command.js';
import { ListUserSessionsQuery } from '../../../application/queries/list-user-sessions/list-user-sessions.query.js';
import { SessionListResponseDto } from '../dtos/session-list.response.dto.js';
import { sessionIdPipe } from './sessions.controller.js';
import { CreateUserCommand } from '../../../application/commands/create-user/create-user.command.js';
import { SendPasswordResetCommand } from '../../../application/commands/send-password-reset/send-password-reset.command.js';
import { ResetUserMfaCommand } from '../../../application/commands/reset-user-mfa/reset-user-mfa.command.js';
import { MfaResetRequestDto } from '../dtos/mfa-reset.request.dto.js';
import { MfaResetResponseDto } from '../dtos/mfa-reset.response.dto.js';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { Roles } from '../decorators/roles.decorator.js';
import { CreateUserRequestDto } from '../dtos/create-user.request.dto.js';
import { PasswordResetSentResponseDto } from '../dtos/password-reset-sent.response.dto.js';
import { UserResponseDto } from '../dtos/user.response.dto.js';
import { AdminRoutes } from '../decorators/admin-routes.decorator.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { RolesGuard } from '../guards/roles.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toSessionResponse,
  toUserResponse,
  type SessionResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';

/** A malformed user id can name no user: 404 like an unknown one. */
const userIdPipe = new ParseUUIDPipe({
  version: '4',
  errorHttpStatusCode: HttpStatus.NOT_FOUND,
});
import { createAuthValidationPipe } from '../validation.pipe.js';

/** Accounts managed by admins: creation (with a password or an invitation) and reset mails. */
@Controller('admin')
@AdminRoutes()
@UseFilters(AuthExceptionFilter)
@UsePipes(createAuthValidationPipe())
@UseGuards(RequestShapeGuard, JwtAuthGuard, RolesGuard)
@Roles('admin')
@ApiTags('auth: admin')
@ApiBearerAuth()
@ApiErrorResponses({
  401: 'authentication_required, invalid_token, ...',
  403: 'insufficient_role (the `admin` role is required)',
  503: 'storage_unavailable',
})
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('users/:id/sessions')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'A user’s active sessions, newest first (at most 100)',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiOkResponse({ type: SessionListResponseDto })
  @ApiErrorResponses({ 404: 'user_not_found' })
  async listSessions(
    @Param('id', userIdPipe) userId: string,
  ): Promise<{ sessions: SessionResponse[] }> {
    const sessions = await this.queries.execute(
      new ListUserSessionsQuery(userId, true),
    );
    return { sessions: sessions.map((s) => toSessionResponse(s, null)) };
  }

  @Delete('users/:id/sessions/:sid')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End one session of a user (audited)',
    description: 'Its refresh token and access tokens stop working.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiParam({ name: 'sid', format: 'uuid', description: 'Session id' })
  @ApiResponse({ status: 204, description: 'Ended' })
  @ApiErrorResponses({ 404: 'session_not_found' })
  async endSession(
    @Param('id', userIdPipe) userId: string,
    @Param('sid', sessionIdPipe) sessionId: string,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<void> {
    await this.commands.execute(
      new EndSessionCommand(userId, sessionId, 'admin', {
        actorId: admin.userId,
        requestId,
      }),
    );
  }

  @Post('users')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a user, its address verified',
    description:
      'Without `password`, an invitation mail with a link that sets the first password.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    409: 'user_already_exists',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
  })
  async createUser(
    @Body() body: CreateUserRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<UserResponse> {
    return toUserResponse(
      await this.commands.execute(
        new CreateUserCommand(
          body.username,
          body.email,
          body.roles,
          body.password,
          { actorId: admin.userId, requestId },
        ),
      ),
    );
  }

  @Post('users/:id/password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send the user a password-reset mail; every session revoked',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiAcceptedResponse({ type: PasswordResetSentResponseDto })
  @ApiErrorResponses({ 404: 'user_not_found' })
  async sendPasswordReset(
    // A malformed id can name no user: 404 like an unknown one (as AdminController does).
    @Param('id', userIdPipe) userId: string,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<{ message: string; revoked_sessions: number }> {
    const result = await this.commands.execute(
      new SendPasswordResetCommand(userId, {
        actorId: admin.userId,
        requestId,
      }),
    );
    return {
      message: 'Password reset mail queued',
      revoked_sessions: result.revokedSessions,
    };
  }

  @Post('users/:id/mfa/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reset a user’s second factors; every session revoked (audited)',
    description:
      'Every factor store removes the user’s factors (TOTP, recovery codes, passkeys): the next login is the password alone. Recorded as `mfa_reset`.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiBody({ type: MfaResetRequestDto, required: false })
  @ApiOkResponse({ type: MfaResetResponseDto })
  @ApiErrorResponses({
    400: 'validation_failed',
    404: 'user_not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
  })
  async resetMfa(
    @Param('id', userIdPipe) userId: string,
    @Body() body: MfaResetRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<{ message: string; revoked_sessions: number }> {
    const result = await this.commands.execute(
      new ResetUserMfaCommand(userId, {
        actorId: admin.userId,
        reason: body.reason,
        requestId,
      }),
    );
    return {
      message: 'Second factors reset',
      revoked_sessions: result.revokedSessions,
    };
  }
}
