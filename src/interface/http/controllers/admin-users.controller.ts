import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CreateUserCommand } from '../../../application/commands/create-user/create-user.command.js';
import { SendPasswordResetCommand } from '../../../application/commands/send-password-reset/send-password-reset.command.js';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { Roles } from '../decorators/roles.decorator.js';
import { CreateUserRequestDto } from '../dtos/create-user.request.dto.js';
import { PasswordResetSentResponseDto } from '../dtos/password-reset-sent.response.dto.js';
import { UserResponseDto } from '../dtos/user.response.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { RolesGuard } from '../guards/roles.guard.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toUserResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

/** Accounts managed by admins: creation (with a password or an invitation) and reset mails. */
@Controller('admin')
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
  constructor(private readonly commands: CommandBus) {}

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
    @Param(
      'id',
      new ParseUUIDPipe({
        version: '4',
        errorHttpStatusCode: HttpStatus.NOT_FOUND,
      }),
    )
    userId: string,
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
}
