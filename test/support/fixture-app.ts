import {
  Controller,
  Get,
  Module,
  UseGuards,
  type DynamicModule,
  type INestApplication,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import cookieParser from 'cookie-parser';
import { Test, type TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, inject } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import TestAgent from 'supertest/lib/agent.js';
import {
  AuthModule,
  Clock,
  CommandBus,
  CurrentUser,
  JwtAuthGuard,
  ManualClock,
  OptionalAuth,
  Public,
  RegisterUserCommand,
  RequireMfa,
  Roles,
  RolesGuard,
  type AuthenticatedUser,
  type AuthModuleOptions,
} from './tokenward.js';

/** A 32+ byte secret for tests only (never a real deployment's). */
export const TEST_SECRET = 'test-secret-0123456789abcdef-0123456789abcdef';

/** Cheap argon2 parameters: the tests exercise the real hasher, not its cost. */
export const FAST_ARGON2 = {
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
} as const;

export const INTROSPECTION_CLIENT = {
  clientId: 'billing',
  clientSecret: 'billing-secret-0123456789abcdef-0123456789',
};

/** The host app's own routes, as a user of the module would write them. */
@Controller()
class HostController {
  @Get('hello')
  @UseGuards(JwtAuthGuard)
  hello(@CurrentUser() user: AuthenticatedUser): {
    message: string;
    user_id: string;
  } {
    return { message: `Hello, ${user.username}`, user_id: user.userId };
  }

  @Get('open')
  @Public()
  @UseGuards(JwtAuthGuard)
  open(): { ok: true } {
    return { ok: true };
  }

  /** The user when a valid token is there, none without one: `@OptionalAuth()`. */
  @Get('maybe')
  @UseGuards(JwtAuthGuard)
  @OptionalAuth()
  maybe(@CurrentUser() user: AuthenticatedUser | undefined): {
    user_id: string | null;
  } {
    return { user_id: user?.userId ?? null };
  }

  /** Guarded like /hello but needs no user: what `shouldSkipAuthentication` is for. */
  @Get('metrics')
  @UseGuards(JwtAuthGuard)
  metrics(): { ok: true } {
    return { ok: true };
  }

  /** Step-up: only a token from a login with a second factor, of any age. */
  @Get('step-up')
  @UseGuards(JwtAuthGuard)
  @RequireMfa()
  stepUp(): { ok: true } {
    return { ok: true };
  }

  /** Step-up with recentness: a second-factor login at most 300 s ago. */
  @Get('step-up/recent')
  @UseGuards(JwtAuthGuard)
  @RequireMfa({ maxAgeSeconds: 300 })
  stepUpRecent(): { ok: true } {
    return { ok: true };
  }

  @Get('staff')
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles('admin', 'staff')
  staff(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [HostController] })
class HostFeatureModule {}

/** Host routes with no guard of their own: protected only when the guards are global. */
@Controller('global')
class GloballyGuardedController {
  @Get('hello')
  hello(@CurrentUser() user: AuthenticatedUser): { username: string } {
    return { username: user.username };
  }

  @Get('admin')
  @Roles('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('step-up')
  @RequireMfa({ maxAgeSeconds: 300 })
  stepUp(): { ok: true } {
    return { ok: true };
  }
}

/**
 * The NestJS docs' global-guard pattern: `JwtAuthGuard` and `RolesGuard` as `APP_GUARD`, open
 * routes marked `@Public()`.
 */
@Module({
  controllers: [GloballyGuardedController],
  providers: [
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
class GlobalGuardsModule {}

export type AdapterName = 'express' | 'fastify';

export type StorageName = 'memory' | 'mongoose';

/** Every HTTP adapter with every store: what an e2e spec runs over. */
export const ADAPTERS_AND_STORES = [
  ['express', 'memory'],
  ['express', 'mongoose'],
  ['fastify', 'memory'],
  ['fastify', 'mongoose'],
] as const satisfies ReadonlyArray<readonly [AdapterName, StorageName]>;

export interface FixtureOptions {
  adapter?: AdapterName;
  /** Build with `forRootAsync` + `useFactory` instead of `forRoot`. */
  async?: boolean;
  options?: Partial<AuthModuleOptions>;
  providers?: Provider[];
  routePrefix?: string;
  clock?: ManualClock;
  /** Run on the wall clock (`SystemClock`), e.g. for multi-instance timing; `clock` is then unused. */
  realClock?: boolean;
  /** Register Tokenward's filter globally (`globalErrorFilter`). */
  globalErrorFilter?: boolean;
  /** Store in MongoDB at this URI (`storage: 'mongoose'` on the host's connection). */
  mongoUri?: string;
  /** `'mongoose'` without `mongoUri`: a database of its own on the test server, dropped on close. */
  storage?: StorageName;
  /** Register `JwtAuthGuard` and `RolesGuard` as `APP_GUARD` (and mount `/global/*` host routes). */
  globalGuards?: boolean;
  /** Register the adapter's cookie plugin (cookie-parser, @fastify/cookie), as `refreshTokenCookie` needs. */
  cookies?: boolean;
  /** The adapter's trust-proxy setting on (`request.ip` from `X-Forwarded-For`). */
  trustProxy?: boolean;
}

/** A running fixture app with a frozen clock and helpers to drive it. */
export interface FixtureApp {
  app: INestApplication;
  http: TestAgent;
  clock: ManualClock;
  commands: CommandBus;
  /** Path of the module's routes, e.g. `/auth` (follows `routePrefix`). */
  prefix: string;
  close(): Promise<void>;
}

export function authModule(
  fixture: FixtureOptions,
  clock: ManualClock,
): DynamicModule {
  const options: AuthModuleOptions = {
    secret: TEST_SECRET,
    argon2: FAST_ARGON2,
    introspectionClients: [INTROSPECTION_CLIENT],
    // Hundreds of logins and wrong client secrets from one test client: rate limits and the
    // introspection lockout are tested on their own (test/e2e/security-limits.e2e-spec.ts).
    rateLimit: false,
    introspectionLockout: false,
    ...fixture.options,
  };
  const extras = {
    routePrefix: fixture.routePrefix,
    globalErrorFilter: fixture.globalErrorFilter,
    storage:
      fixture.mongoUri === undefined
        ? ('memory' as const)
        : ('mongoose' as const),
    providers: [
      ...(fixture.realClock ? [] : [{ provide: Clock, useValue: clock }]),
      ...(fixture.providers ?? []),
    ],
  };
  return fixture.async
    ? AuthModule.forRootAsync({ useFactory: async () => options, ...extras })
    : AuthModule.forRoot({ ...options, ...extras });
}

/** Builds and starts a fixture app (always `init()`: CQRS handlers register on bootstrap). */
export async function startFixtureApp(
  fixture: FixtureOptions = {},
): Promise<FixtureApp> {
  const clock = fixture.clock ?? new ManualClock(new Date());
  const ownDatabase =
    fixture.mongoUri === undefined && fixture.storage === 'mongoose';
  if (ownDatabase) {
    fixture = {
      ...fixture,
      mongoUri: uniqueMongoUri(
        inject('mongoUri'),
        `fixture-${fixture.adapter ?? 'express'}`,
      ),
    };
  }
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(fixture.mongoUri === undefined
        ? []
        : [
            MongooseModule.forRoot(fixture.mongoUri, {
              serverSelectionTimeoutMS: 10_000,
            }),
          ]),
      authModule(fixture, clock),
      HostFeatureModule,
      ...(fixture.globalGuards ? [GlobalGuardsModule] : []),
    ],
  }).compile();
  const app = await startApplication(moduleRef, fixture.adapter, {
    cookies: fixture.cookies,
    trustProxy: fixture.trustProxy,
  });
  return {
    app,
    http: request(app.getHttpServer()),
    clock,
    commands: app.get(CommandBus),
    prefix: `/${(fixture.routePrefix ?? 'auth').replace(/^\/+|\/+$/g, '')}`,
    close: async () => {
      if (ownDatabase) {
        await app.get<Connection>(getConnectionToken()).dropDatabase();
      }
      await app.close();
    },
  };
}

/**
 * Starts a fixture app before the enclosing `describe`'s tests and closes it after them. The
 * returned object forwards to the running app, so tests read `f.http`, `f.clock`, ... directly.
 */
export function useFixtureApp(fixture: FixtureOptions = {}): FixtureApp {
  let current: FixtureApp | undefined;
  beforeAll(async () => {
    current = await startFixtureApp(fixture);
  });
  afterAll(async () => {
    await current?.close();
  });
  return new Proxy({} as FixtureApp, {
    get: (_target, key) => {
      if (current === undefined)
        throw new Error('the fixture app is not started yet');
      return Reflect.get(current, key) as unknown;
    },
  });
}

/** Creates, initialises (CQRS handlers register on bootstrap) and readies an app, silently. */
export async function startApplication(
  moduleRef: TestingModule,
  adapter: AdapterName = 'express',
  {
    cookies = false,
    trustProxy = false,
  }: { cookies?: boolean; trustProxy?: boolean } = {},
): Promise<INestApplication> {
  const app =
    adapter === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(
          new FastifyAdapter({ trustProxy }),
        )
      : moduleRef.createNestApplication();
  if (trustProxy && adapter === 'express') {
    (app as unknown as { set(name: string, value: unknown): void }).set(
      'trust proxy',
      true,
    );
  }
  if (cookies) {
    if (adapter === 'fastify') {
      await (app as NestFastifyApplication).register(fastifyCookie);
    } else {
      app.use(cookieParser());
    }
  }
  app.useLogger(false);
  await app.init();
  if (adapter === 'fastify') {
    await (
      app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }
    ).ready();
  }
  return app;
}

let counter = 0;

/** A fresh, valid registration body. */
export function newUser(prefix = 'user'): {
  username: string;
  email: string;
  password: string;
} {
  counter += 1;
  const id = `${prefix}${counter}${Math.floor(Math.random() * 1e6)}`;
  return {
    username: id,
    email: `${id}@example.test`,
    password: `pw-${id}-long-enough`,
  };
}

/** Registers (through HTTP) and logs in; returns the tokens and the user's id. */
export async function registerAndLogin(
  fixture: FixtureApp,
  prefix = 'user',
): Promise<{
  accessToken: string;
  refreshToken: string;
  userId: string;
  credentials: ReturnType<typeof newUser>;
}> {
  const credentials = newUser(prefix);
  const registered = await fixture.http
    .post(`${fixture.prefix}/register`)
    .send(credentials)
    .expect(201);
  const login = await fixture.http
    .post(`${fixture.prefix}/login`)
    .send({ username: credentials.username, password: credentials.password })
    .expect(200);
  return {
    accessToken: login.body.access_token,
    refreshToken: login.body.refresh_token,
    userId: registered.body.id,
    credentials,
  };
}

/** Creates an admin directly through the command bus and logs it in. */
export async function adminLogin(fixture: FixtureApp): Promise<{
  accessToken: string;
  refreshToken: string;
  userId: string;
  credentials: ReturnType<typeof newUser>;
}> {
  const credentials = newUser('admin');
  const user = await fixture.commands.execute(
    new RegisterUserCommand(
      credentials.username,
      credentials.email,
      credentials.password,
      ['admin'],
    ),
  );
  const login = await fixture.http
    .post(`${fixture.prefix}/login`)
    .send({ username: credentials.username, password: credentials.password })
    .expect(200);
  return {
    accessToken: login.body.access_token,
    refreshToken: login.body.refresh_token,
    userId: user.id,
    credentials,
  };
}

export function bearer(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}
