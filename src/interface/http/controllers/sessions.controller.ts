import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EndSessionCommand } from '../../../application/commands/end-session/end-session.command.js';
import { RevokeOtherSessionsCommand } from '../../../application/commands/revoke-other-sessions/revoke-other-sessions.command.js';
import type { VerifiedAccessToken } from '../../../application/dtos/verified-access-token.dto.js';
import { ListUserSessionsQuery } from '../../../application/queries/list-user-sessions/list-user-sessions.query.js';
import { SessionNotFoundError } from '../../../domain/errors/session-not-found.error.js';
import { CurrentToken } from '../decorators/current-token.decorator.js';
import { RequestId } from '../decorators/request-id.decorator.js';
import { LogoutAllResponseDto } from '../dtos/logout-all.response.dto.js';
import { SessionListResponseDto } from '../dtos/session-list.response.dto.js';
import { AuthExceptionFilter } from '../filters/auth-exception.filter.js';
import { JwtAuthGuard } from '../guards/jwt-auth.guard.js';
import { RequestShapeGuard } from '../guards/request-shape.guard.js';
import { RefreshTokenCookies } from '../cookies/refresh-token-cookies.js';
import { ApiErrorResponses } from '../openapi/api-error-responses.decorator.js';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '../openapi/optional-swagger.js';
import {
  toSessionResponse,
  type SessionResponse,
} from '../presenters/http-response.presenter.js';

/** A malformed id can name no session: 404 `session_not_found` like an unknown one. */
export const sessionIdPipe = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new SessionNotFoundError(),
});

/** The caller's own sessions: where they are signed in, and ending any of them. */
@Controller()
@UseFilters(AuthExceptionFilter)
@UseGuards(RequestShapeGuard, JwtAuthGuard)
@ApiTags('auth: sessions')
@ApiBearerAuth()
@ApiErrorResponses({
  401: 'authentication_required, invalid_token, ...',
  503: 'storage_unavailable',
})
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly cookies: RefreshTokenCookies,
  ) {}

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'The caller’s active sessions, newest first (at most 100)',
  })
  @ApiOkResponse({ type: SessionListResponseDto })
  async list(
    @CurrentToken() token: VerifiedAccessToken,
  ): Promise<{ sessions: SessionResponse[] }> {
    const sessions = await this.queries.execute(
      new ListUserSessionsQuery(token.user.userId),
    );
    return {
      sessions: sessions.map((s) => toSessionResponse(s, token.sessionId)),
    };
  }

  @Post('sessions/revoke-others')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'End every session of the caller but the current one',
  })
  @ApiOkResponse({ type: LogoutAllResponseDto })
  async revokeOthers(
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
  ): Promise<{ message: string; revoked_sessions: number }> {
    const revoked = await this.commands.execute(
      new RevokeOtherSessionsCommand(token.user.userId, token.sessionId, {
        actorId: token.user.userId,
        requestId,
      }),
    );
    return {
      message: 'Logged out of every other session',
      revoked_sessions: revoked,
    };
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End one of the caller’s sessions (the current one too: a logout)',
    description:
      'Another user’s session, an unknown and an ended one: all 404.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'Session id' })
  @ApiResponse({ status: 204, description: 'Ended' })
  @ApiErrorResponses({ 404: 'session_not_found' })
  async end(
    @Param('id', sessionIdPipe) sessionId: string,
    @CurrentToken() token: VerifiedAccessToken,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<void> {
    await this.commands.execute(
      new EndSessionCommand(token.user.userId, sessionId, 'logout', {
        actorId: token.user.userId,
        requestId,
      }),
    );
    if (sessionId === token.sessionId) this.cookies.clear(response);
  }
}
