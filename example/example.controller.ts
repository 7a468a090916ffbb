import { Controller, Get, Res } from '@nestjs/common';
import {
  CurrentUser,
  healthHttpStatus,
  Public,
  Roles,
  toHealthResponse,
  TokenwardHealthService,
  type AuthenticatedUser,
  type HealthResponse,
} from '../src/index.js';

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
export class ExampleController {
  constructor(private readonly health: TokenwardHealthService) {}

  /** 200 when ok or degraded; 503 when storage is unreachable or the revocation state is stale. */
  @Get('health')
  @Public()
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
  hello(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Hello, ${user.username}!` };
  }

  @Get('admin/overview')
  @Roles('admin')
  adminOverview(@CurrentUser() user: AuthenticatedUser): { message: string } {
    return { message: `Welcome to the admin area, ${user.username}.` };
  }
}
