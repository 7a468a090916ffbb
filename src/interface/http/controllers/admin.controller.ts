import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { SetUserStatusCommand } from '../../../application/commands/set-user-status/set-user-status.command.js';
import { TriggerGlobalTokenRotationCommand } from '../../../application/commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerSigningKeyRotationCommand } from '../../../application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { GetSigningKeysQuery } from '../../../application/queries/get-signing-keys/get-signing-keys.query.js';
import { SigningKeyRotationRequestDto } from '../dtos/signing-key-rotation.request.dto.js';
import { SigningKeyRotationResponseDto } from '../dtos/signing-key-rotation.response.dto.js';
import { SigningKeyListResponseDto } from '../dtos/signing-key.response.dto.js';
import { TriggerUserTokenRotationCommand } from '../../../application/commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import { GetGlobalRotationStateQuery } from '../../../application/queries/get-global-rotation-state/get-global-rotation-state.query.js';
import { ListActiveUsersQuery } from '../../../application/queries/list-active-users/list-active-users.query.js';
import { ListAuditRecordsQuery } from '../../../application/queries/list-audit-records/list-audit-records.query.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { Roles } from '../decorators/roles.decorator.js';
import { GlobalRotationRequestDto } from '../dtos/global-rotation.request.dto.js';
import { ListAuditRecordsRequestDto } from '../dtos/list-audit-records.request.dto.js';
import { ListUsersRequestDto } from '../dtos/list-users.request.dto.js';
import { UpdateUserRequestDto } from '../dtos/update-user.request.dto.js';
import { UserRotationRequestDto } from '../dtos/user-rotation.request.dto.js';
import { AdminRoutes } from '../decorators/admin-routes.decorator.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { RolesGuard } from '../guards/roles.guard.js';
import {
  toAuditPageResponse,
  toGlobalRotationResponse,
  toGlobalRotationStateResponse,
  toSigningKeyListResponse,
  toSigningKeyRotationResponse,
  toUserPageResponse,
  toUserResponse,
  toUserRotationResponse,
  type UserResponse,
} from '../presenters/http-response.presenter.js';
import { AuditPageResponseDto } from '../dtos/audit-page.response.dto.js';
import { GlobalRotationStateResponseDto } from '../dtos/global-rotation-state.response.dto.js';
import { GlobalRotationResponseDto } from '../dtos/global-rotation.response.dto.js';
import { UserPageResponseDto } from '../dtos/user-page.response.dto.js';
import { UserResponseDto } from '../dtos/user.response.dto.js';
import { UserRotationResponseDto } from '../dtos/user-rotation.response.dto.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '../openapi/optional-swagger.js';
import { createAuthValidationPipe } from '../validation.pipe.js';

// A malformed id can name no user: answer 404 like an unknown one, not a validation error.
const userIdPipe = new ParseUUIDPipe({
  version: '4',
  errorHttpStatusCode: HttpStatus.NOT_FOUND,
});

/** What RequestShapeGuard and the validation pipe answer on a route with a body. */
const BODY_ERRORS = {
  400: 'validation_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
} as const;

/** Rotation and user administration; every route needs the `admin` role. */
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
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('rotations/global')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Global token rotation',
    description:
      'Every token issued before is refused once the grace period ends; one O(1) write.',
  })
  // Every property is optional: no body at all is a valid request.
  @ApiBody({ type: GlobalRotationRequestDto, required: false })
  @ApiCreatedResponse({ type: GlobalRotationResponseDto })
  @ApiErrorResponses(BODY_ERRORS)
  async rotateGlobal(
    @Body() body: GlobalRotationRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<Record<string, unknown>> {
    const result = await this.commands.execute(
      new TriggerGlobalTokenRotationCommand(
        body.grace_period_seconds,
        { actorId: admin.userId, reason: body.reason, requestId },
        body.rotate_signing_key ?? false,
      ),
    );
    return toGlobalRotationResponse(result);
  }

  @Post('rotations/keys')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Signing-key rotation',
    description:
      'A fresh key of the configured algorithm signs from now on; older keys verify their tokens until they expire, or stop at once with `revoke_previous_keys`.',
  })
  @ApiBody({ type: SigningKeyRotationRequestDto, required: false })
  @ApiCreatedResponse({ type: SigningKeyRotationResponseDto })
  @ApiErrorResponses(BODY_ERRORS)
  async rotateKeys(
    @Body() body: SigningKeyRotationRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<Record<string, unknown>> {
    const result = await this.commands.execute(
      new TriggerSigningKeyRotationCommand(
        { actorId: admin.userId, reason: body.reason, requestId },
        body.revoke_previous_keys ?? false,
      ),
    );
    return toSigningKeyRotationResponse(result);
  }

  @Get('rotations/keys')
  @ApiOperation({
    summary: 'The signing keys and their status (never key material)',
  })
  @ApiOkResponse({ type: SigningKeyListResponseDto })
  async signingKeys(): Promise<Record<string, unknown>> {
    return toSigningKeyListResponse(
      await this.queries.execute(new GetSigningKeysQuery()),
    );
  }

  @Get('rotations/global')
  @ApiOperation({ summary: 'The current global rotation state' })
  @ApiOkResponse({ type: GlobalRotationStateResponseDto })
  async globalState(): Promise<Record<string, unknown>> {
    return toGlobalRotationStateResponse(
      await this.queries.execute(new GetGlobalRotationStateQuery()),
    );
  }

  @Post('users/:id/rotations')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Per-user token rotation: every token of the user stops working',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiBody({ type: UserRotationRequestDto, required: false })
  @ApiCreatedResponse({ type: UserRotationResponseDto })
  @ApiErrorResponses({ ...BODY_ERRORS, 404: 'user_not_found' })
  async rotateUser(
    @Param('id', userIdPipe) userId: string,
    @Body() body: UserRotationRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<Record<string, unknown>> {
    const result = await this.commands.execute(
      new TriggerUserTokenRotationCommand(userId, {
        actorId: admin.userId,
        reason: body.reason,
        requestId,
      }),
    );
    return toUserRotationResponse(result);
  }

  @Get('users')
  @ApiOperation({ summary: 'Active users, oldest first' })
  @ApiOkResponse({ type: UserPageResponseDto })
  @ApiErrorResponses({ 400: 'validation_failed' })
  async listUsers(
    @Query() query: ListUsersRequestDto,
  ): Promise<Record<string, unknown>> {
    return toUserPageResponse(
      await this.queries.execute(
        new ListActiveUsersQuery(query.skip, query.limit),
      ),
    );
  }

  @Patch('users/:id')
  @ApiOperation({
    summary: 'Activate/deactivate a user or replace its roles',
    description: 'Deactivation revokes every token of the user.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'User id' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrorResponses({ ...BODY_ERRORS, 404: 'user_not_found' })
  async updateUser(
    @Param('id', userIdPipe) userId: string,
    @Body() body: UpdateUserRequestDto,
    @CurrentUser() admin: AuthenticatedUser,
    @RequestId() requestId: string,
  ): Promise<UserResponse> {
    const user = await this.commands.execute(
      new SetUserStatusCommand(userId, body.is_active, body.roles, {
        actorId: admin.userId,
        reason: body.reason,
        requestId,
      }),
    );
    return toUserResponse(user);
  }

  @Get('audit')
  @ApiOperation({
    summary: 'The audit trail, newest first',
    description:
      'Global and per-user rotations, status and role changes, refresh-token reuse detections and ' +
      'logouts of every session: who, when, why and in which request (`X-Request-Id`). Logins ' +
      'are not in it: they are events for the host to persist.',
  })
  @ApiOkResponse({ type: AuditPageResponseDto })
  @ApiErrorResponses({ 400: 'validation_failed' })
  async listAudit(
    @Query() query: ListAuditRecordsRequestDto,
  ): Promise<Record<string, unknown>> {
    return toAuditPageResponse(
      await this.queries.execute(
        new ListAuditRecordsQuery(query.skip, query.limit),
      ),
    );
  }
}
