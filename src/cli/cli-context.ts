import { randomBytes } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule } from '../auth.module.js';

/** Where the CLI connects: the MongoDB URI and, when the app uses one, its collection prefix. */
export interface CliStorage {
  readonly mongoUri: string;
  readonly collectionPrefix?: string;
  /**
   * The app's master secret (`TOKENWARD_SECRET`), needed only to seal new EdDSA/ES256 signing
   * keys so the app can open them; otherwise a throwaway one is used.
   */
  readonly secret?: string;
}

/** Empty root: everything comes from the dynamic imports below. */
@Module({})
class TokenwardCliModule {}

// Fail fast on an unreachable server instead of @nestjs/mongoose's default 9 retries × 3 s.
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/**
 * Boots Tokenward against the app's MongoDB as a Nest application context (no HTTP server, no
 * controllers): the same handlers, repositories and fail-closed wrappers the app runs. The caller
 * must `close()` it, which also closes the MongoDB connection so the process can exit.
 */
export async function openCliContext(
  storage: CliStorage,
): Promise<INestApplicationContext> {
  // Imported here, not at the top: mongoose is an optional peer of the library, and the CLI
  // should say what is missing rather than crash on a module-resolution stack trace.
  let mongooseModule: typeof import('@nestjs/mongoose');
  try {
    mongooseModule = await import('@nestjs/mongoose');
  } catch {
    throw new Error(
      'the tokenward CLI needs the packages mongoose and @nestjs/mongoose installed',
    );
  }
  return NestFactory.createApplicationContext(
    {
      module: TokenwardCliModule,
      imports: [
        mongooseModule.MongooseModule.forRoot(storage.mongoUri, {
          retryAttempts: 1,
          serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
        }),
        AuthModule.forRoot({
          // No command issues or verifies a token, so without TOKENWARD_SECRET a throwaway
          // secret does: it signs nothing, and the key ring is never rewritten on its own.
          secret: storage.secret ?? randomBytes(32),
          storage: 'mongoose',
          mongoose: storage.collectionPrefix
            ? { collectionPrefix: storage.collectionPrefix }
            : undefined,
          mountControllers: false,
          isGlobal: false,
        }),
      ],
    },
    // Errors reach the user as one `error: <message>` line, never as Nest's logged stack traces;
    // abortOnError false makes a failed bootstrap throw instead of calling process.abort().
    { logger: false, abortOnError: false },
  );
}
