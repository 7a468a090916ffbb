import { randomBytes } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { TokenwardModule } from '../module/auth/auth.module.js';
import type { CliApp, ResolvedCliApp } from './cli-app.js';
import type { CliIo } from './cli-io.js';
import { CliUsageError } from './cli-usage.error.js';

/** Empty root of the packaged bin's module: everything comes from its imports. */
@Module({})
class TokenwardEnvironmentAppModule {}

// A mongoose connection gives up after this long without a server (its default is 30 s, and
// @nestjs/mongoose retries 9 times on top): an unreachable server is reported within seconds.
const SERVER_SELECTION_TIMEOUT_MS = 3_000;

/**
 * The packaged `tokenward` bin's app: Tokenward on the MongoDB named by `MONGODB_URI`, configured
 * from the environment (`TOKENWARD_COLLECTION_PREFIX`, `TOKENWARD_SECRET`,
 * `TOKENWARD_ACCESS_TTL_SECONDS`), everything else at the module's defaults. A host that runs the
 * CLI with its own module (`runTokenwardCli(AppModule)`) needs none of this.
 */
export function environmentApp(env: CliIo['env']): CliApp {
  return { resolve: () => resolveEnvironmentApp(env) };
}

function resolveEnvironmentApp(env: CliIo['env']): ResolvedCliApp {
  const mongoUri = env.MONGODB_URI?.trim();
  if (!mongoUri) {
    throw new CliUsageError(
      'MONGODB_URI is not set: point it at the MongoDB your app uses',
      { showUsage: false },
    );
  }
  const collectionPrefix = env.TOKENWARD_COLLECTION_PREFIX?.trim() || undefined;
  const secret = env.TOKENWARD_SECRET;
  const secretGiven = secret !== undefined && secret !== '';
  if (secretGiven && Buffer.byteLength(secret, 'utf8') < 32) {
    throw new CliUsageError(
      "TOKENWARD_SECRET must be the app's secret (at least 32 bytes)",
      { showUsage: false },
    );
  }
  const ttl = env.TOKENWARD_ACCESS_TTL_SECONDS?.trim();
  if (ttl !== undefined && ttl !== '' && !/^\d{1,9}$/.test(ttl)) {
    throw new CliUsageError(
      `TOKENWARD_ACCESS_TTL_SECONDS must be a whole number of seconds (got '${ttl}')`,
      { showUsage: false },
    );
  }
  return {
    module: environmentModule(mongoUri, {
      collectionPrefix,
      // No command issues or verifies a token, so without TOKENWARD_SECRET a throwaway secret
      // does: it signs nothing, and the key ring is never rewritten on its own.
      secret: secretGiven ? secret : randomBytes(32),
      accessTokenTtlSeconds: ttl ? Number(ttl) : undefined,
    }),
    secret: secretGiven ? 'environment' : 'throwaway',
    connecting: 'connecting to MongoDB',
  };
}

function environmentModule(
  mongoUri: string,
  options: {
    readonly collectionPrefix: string | undefined;
    readonly secret: string | Buffer;
    readonly accessTokenTtlSeconds: number | undefined;
  },
): DynamicModule {
  // Imported here, not at the top: mongoose is an optional peer of the library, and the CLI
  // should say what is missing rather than crash on a module-resolution stack trace.
  return {
    module: TokenwardEnvironmentAppModule,
    imports: [
      import('@nestjs/mongoose').then(
        ({ MongooseModule }) =>
          MongooseModule.forRoot(mongoUri, {
            retryAttempts: 1,
            serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
          }),
        () => {
          throw new Error(
            'the tokenward CLI needs the packages mongoose and @nestjs/mongoose installed',
          );
        },
      ),
      TokenwardModule.forRoot({
        secret: options.secret,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds,
        storage: 'mongoose',
        mongoose: options.collectionPrefix
          ? { collectionPrefix: options.collectionPrefix }
          : undefined,
        mountControllers: false,
        isGlobal: false,
      }),
    ],
  };
}
