import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponses,
  CurrentUser,
  HealthResponseDto,
  healthHttpStatus,
  Public,
  Roles,
  toHealthResponse,
  TokenwardHealthService,
  type AuthenticatedUser,
  type HealthResponse,
} from '../src/index.js';
import { GreetingResponseDto } from './greeting.response.dto.js';

/** What the global guards answer on a route without `@Public()`. */
const GUARDED = {
  401: 'authentication_required, invalid_token, token_expired, token_revoked, ...',
  503: 'storage_unavailable (the revocation state is too old to decide)',
} as const;

/** What `@Res({ passthrough: true })` gives on both Express and Fastify: a settable status. */
interface StatusSettable {
  status?(code: number): unknown;
  code?(code: number): unknown;
}

/**
 * The host app's own routes: health (open), one for any signed-in user, one admin-only. No
 * `@UseGuards` here: `AppModule` registers `JwtAuthGuard` and `RolesGuard` for every route.
 */
@Controller()
@ApiTags('example')
export class ExampleController {
  constructor(private readonly health: TokenwardHealthService) {}

  /** 200 when ok or degraded; 503 when storage is unreachable or the revocation state is stale. */
  @Get('health')
  @Public()
  @ApiOperation({
    summary: 'Health of storage, revocation state and signing key',
  })
  @ApiOkResponse({ type: HealthResponseDto, description: 'ok or degraded' })
  @ApiResponse({
    status: 503,
    type: HealthResponseDto,
    description:
      'error: storage down, revocation state stale or signing key unusable',
  })
  async healthCheck(
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<HealthResponse> {
    const health = await this.health.check();
    const status = healthHttpStatus(health);
    // Express names it status(), Fastify code().
    if (response.code) response.code(status);
    else response.status?.(status);
    return toHealthResponse(health);
  }

  @Get('hello')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Greets any signed-in user' })
  @ApiOkResponse({ type: GreetingResponseDto })
  @ApiErrorResponses(GUARDED)
  hello(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Hello, ${user.username}!` };
  }

  @Get('admin/overview')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Greets an admin' })
  @ApiOkResponse({ type: GreetingResponseDto })
  @ApiErrorResponses({ ...GUARDED, 403: 'insufficient_role' })
  adminOverview(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Welcome to the admin area, ${user.username}.` };
  }
}
