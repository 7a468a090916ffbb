import {
  Controller,
  Get,
  Module,
  Post,
  UseGuards,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent.js';
import { startApplication, type AdapterName } from './fixture-app.js';
import {
  CurrentToken,
  CurrentUser,
  JwtAuthGuard,
  Public,
  RequireMfa,
  Roles,
  RolesGuard,
  TokenwardResourceServerModule,
  type AuthenticatedUser,
  type ResourceServerModuleExtras,
  type ResourceServerModuleOptions,
  type VerifiedAccessToken,
} from './tokenward.js';

/** A service that holds no user data, protecting its routes with Tokenward's guards. */
@Controller('orders')
class OrdersController {
  @Get()
  @UseGuards(JwtAuthGuard)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentToken() token: VerifiedAccessToken,
  ): Record<string, unknown> {
    return {
      user_id: user.userId,
      username: user.username,
      email: user.email,
      roles: user.roles,
      session_id: token.sessionId,
      token_id: token.tokenId,
      global_version: token.globalVersion,
      user_version: token.userVersion,
      expires_at: token.expiresAt,
    };
  }

  @Get('admin')
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  /** Step-up on a resource server: the token's own amr/auth_time decide. */
  @Get('step-up')
  @UseGuards(JwtAuthGuard)
  @RequireMfa({ maxAgeSeconds: 300 })
  stepUp(): { ok: true } {
    return { ok: true };
  }
}

/** Routes a host opens: one by `@Public()`, `/status` by `shouldSkipAuthentication`. */
@Controller()
@UseGuards(JwtAuthGuard)
class OpsController {
  @Get('status')
  status(): { ok: true } {
    return { ok: true };
  }

  @Post('status')
  reset(): { reset: true } {
    return { reset: true };
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [OrdersController, OpsController] })
class ResourceFeatureModule {}

/** Lets `GET /status` through without a token (the query string does not matter). */
export const skipStatusProbe = (method: string, path: string): boolean =>
  method === 'GET' && path === '/status';

export interface ResourceApp {
  app: INestApplication;
  http: TestAgent;
  close(): Promise<void>;
}

/** Starts a resource-server app listening on 127.0.0.1 (a random port). */
export async function startResourceApp(
  adapter: AdapterName,
  options: ResourceServerModuleOptions,
  extras: ResourceServerModuleExtras & {
    /** Build with `forRootAsync` + `useFactory` instead of `forRoot`. */
    async?: boolean;
  } = {},
): Promise<ResourceApp> {
  const { async, ...shaping } = extras;
  const moduleRef = await Test.createTestingModule({
    imports: [
      async
        ? TokenwardResourceServerModule.forRootAsync({
            useFactory: async () => options,
            ...shaping,
          })
        : TokenwardResourceServerModule.forRoot({ ...options, ...shaping }),
      ResourceFeatureModule,
    ],
  }).compile();
  const app = await startApplication(moduleRef, adapter);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: request(app.getHttpServer()),
    close: () => app.close(),
  };
}

/** `http://127.0.0.1:<port>` of a listening Nest app. */
export function originOf(app: INestApplication): string {
  const address = (
    app.getHttpServer() as { address(): AddressInfo | string | null }
  ).address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}
