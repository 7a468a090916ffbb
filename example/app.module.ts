import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import {
  AuthModule,
  JwtAuthGuard,
  RolesGuard,
  TokenwardHealthService,
  type AuthModuleOptions,
} from '../src/index.js';
import { AdminBootstrapService } from './admin-bootstrap.service.js';
import { DemoController } from './demo.controller.js';
import { ExampleController } from './example.controller.js';
import {
  validateExampleEnv,
  type ExampleConfig,
  type ExampleEnvSource,
} from './example-env.js';
import { EXAMPLE_ADMIN } from './example.tokens.js';

/**
 * MongoDB driver settings for production, so that a lost or frozen server costs bounded time and
 * resources (README, "Production on MongoDB"). Tokenward bounds every storage call itself
 * (`storageTimeoutMs`); these bound what the driver keeps doing after Tokenward has given up, and
 * how soon it notices the server is back. Defaults in brackets (mongoose 9, MongoDB driver 7).
 */
export const EXAMPLE_MONGODB_OPTIONS = {
  // [true] While disconnected, mongoose queues model calls for up to `bufferTimeoutMS` (10 s) and
  // then sends them: a write already answered with 503 could land seconds later. Fail at once.
  bufferCommands: false,
  // [30 s] An operation waiting for a reachable server gives up after 5 s.
  serverSelectionTimeoutMS: 5_000,
  // [30 s] TCP connect and handshake, and how long a heartbeat waits for a reply: a frozen server
  // is marked unknown (its pool cleared, operations on it interrupted) within
  // heartbeatFrequencyMS + connectTimeoutMS.
  connectTimeoutMS: 3_000,
  // [10 s] How often each server is checked (mongoose advises not below 1 s).
  heartbeatFrequencyMS: 2_000,
  // [0 = never] A connection waiting on a silent server is closed after 10 s; keep it above the
  // longest operation of the whole app, the host's own included.
  socketTimeoutMS: 10_000,
  // [100] Connections per instance: all a frozen server can hold, and the burst it receives on
  // waking up. A Tokenward storage call takes about a millisecond; 20 serve thousands a second.
  maxPoolSize: 20,
  // [0 = forever] How long an operation queues for a free connection.
  waitQueueTimeoutMS: 2_000,
} as const;

/** `ConfigService` typed by the validated config: `get('auth', { infer: true })` is checked. */
type ExampleConfigService = ConfigService<ExampleConfig, true>;

/** Seams for the tests and the benchmark; the app itself passes nothing. */
export interface ExampleModuleOptions {
  /** Read instead of `process.env` (tests pass a plain map and leave `process.env` alone). */
  readonly env?: ExampleEnvSource;
  /** Laid over the options built from the environment, for settings no variable exposes. */
  readonly authOverrides?: Partial<AuthModuleOptions>;
}

/** The example host app: Tokenward on MongoDB when MONGODB_URI is set, in memory otherwise. */
@Module({})
export class AppModule {
  static register(options: ExampleModuleOptions = {}): DynamicModule {
    const { env, authOverrides } = options;
    // `storage` (and whether MongooseModule is imported at all) shapes the module graph, which
    // Nest builds before any provider exists, ConfigService included: this one switch is read
    // directly, from the same source ConfigModule validates below. The URI itself, like every
    // other value, comes from ConfigService.
    const mongoUri = (env ?? process.env).MONGODB_URI;
    const useMongo = mongoUri !== undefined && mongoUri !== '';
    const configModule = ConfigModule.forRoot({
      isGlobal: true,
      // No .env loading: the storage switch above and main.ts's adapter switch read the
      // environment before ConfigModule does and would not see a file's values. For a file,
      // let Node load it for everyone: `node --env-file=.env dist/example/main.js`.
      ignoreEnvFile: true,
      // Everything comes from the validated config, never raw from process.env.
      skipProcessEnv: true,
      // Throws at start-up with every problem listed; the secret is never in the message.
      validate: (processEnv) => {
        const config = validateExampleEnv(env ?? processEnv);
        return authOverrides === undefined
          ? config
          : { ...config, auth: { ...config.auth, ...authOverrides } };
      },
    });
    // forRoot runs `validate` now but returns a promise that Nest awaits only later, while it
    // scans the imports. A handler attached now keeps an invalid environment from crashing the
    // process as an unhandled rejection (stack trace included); Nest still gets the rejection
    // and NestFactory.create fails with it.
    configModule.catch(() => undefined);
    return {
      module: AppModule,
      imports: [
        configModule,
        ...(useMongo
          ? [
              MongooseModule.forRootAsync({
                inject: [ConfigService],
                useFactory: (config: ExampleConfigService) => ({
                  uri: config.get('mongodb', { infer: true })?.uri,
                  ...EXAMPLE_MONGODB_OPTIONS,
                }),
              }),
            ]
          : []),
        AuthModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ExampleConfigService) =>
            config.get('auth', { infer: true }),
          storage: useMongo ? 'mongoose' : 'memory',
          // The example is the whole app: every error, host routes included, in one format.
          globalErrorFilter: true,
        }),
      ],
      controllers: [ExampleController, DemoController],
      providers: [
        // Every route needs a valid access token unless it is @Public(), and the roles its
        // @Roles() names (the NestJS docs' pattern; Tokenward's open routes are @Public()).
        // JwtAuthGuard first: RolesGuard reads the user it sets.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        {
          provide: EXAMPLE_ADMIN,
          inject: [ConfigService],
          useFactory: (config: ExampleConfigService) =>
            config.get('admin', { infer: true }),
        },
        AdminBootstrapService,
        // Its dependencies come from the (global) AuthModule.
        TokenwardHealthService,
      ],
    };
  }
}
