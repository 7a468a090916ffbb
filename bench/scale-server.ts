// The server bench/scale.ts measures, run as a child process pinned to one core: Tokenward's
// guard on a host route, the NestJS docs recipe (JwtService with a KeyObject secret, no
// revocation) and an open route, on Fastify, holding SCALE_USERS users in memory or MongoDB.
// Not a production entry point.
import { createSecretKey } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import 'reflect-metadata';
import {
  Controller,
  Get,
  Injectable,
  Module,
  Req,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { getConnectionToken, MongooseModule } from '@nestjs/mongoose';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Connection } from 'mongoose';
import {
  AccessTokenCodec,
  AuthModule,
  JwtAuthGuard,
  UserRepository,
  type AuthenticatedUser,
} from '../src/index.js';
import { scaleUserId, scaleUsers } from './support/scale-users.js';

const PORT = Number(process.env.PORT);
const STORAGE =
  process.env.SCALE_STORAGE === 'mongoose' ? 'mongoose' : 'memory';
const USERS = Number(process.env.SCALE_USERS ?? 1000);
const TOKENS_FILE = process.env.SCALE_TOKENS_FILE as string;
const recipeSecret = createSecretKey(
  Buffer.from(process.env.SCALE_RECIPE_SECRET as string, 'base64url'),
);

/** The NestJS docs' AuthGuard: verify the bearer token with JwtService, put its payload on the request. */
@Injectable()
class RecipeAuthGuard implements CanActivate {
  constructor(private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const [type, token] = request.headers.authorization?.split(' ') ?? [];
    if (type !== 'Bearer' || token === undefined)
      throw new UnauthorizedException();
    try {
      request.user = await this.jwt.verifyAsync(token);
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }
}

@Controller('scale')
class ScaleController {
  /** The same work as the guarded routes, minus any guard. */
  @Get('open')
  open(): { message: string } {
    return { message: 'Hello, scale-user!' };
  }

  @Get('guarded')
  @UseGuards(JwtAuthGuard)
  guarded(@Req() request: { user: AuthenticatedUser }): { message: string } {
    return { message: `Hello, ${request.user.username}!` };
  }

  @Get('recipe')
  @UseGuards(RecipeAuthGuard)
  recipe(@Req() request: { user: { username: string } }): {
    message: string;
  } {
    return { message: `Hello, ${request.user.username}!` };
  }
}

/** Seeds the users straight into storage (no argon2 per user: hashing is not measured). */
async function seed(app: { get<T>(token: unknown): T }): Promise<void> {
  const batch = 10_000;
  if (STORAGE === 'mongoose') {
    const users = app
      .get<Connection>(getConnectionToken())
      .collection('tokenward_users');
    for (let from = 0; from < USERS; from += batch) {
      const docs = scaleUsers(from, Math.min(USERS, from + batch)).map(
        ({ id, ...user }) => ({ _id: id, ...user, lastStateChangeAt: null }),
      );
      await users.insertMany(docs as never[], { ordered: false });
    }
    return;
  }
  const users = app.get<UserRepository>(UserRepository);
  for (let from = 0; from < USERS; from += batch) {
    await Promise.all(
      scaleUsers(from, Math.min(USERS, from + batch)).map((user) =>
        users.create(user),
      ),
    );
  }
}

/** Signs one access token per user with the app's own codec, one per line in TOKENS_FILE. */
async function mintTokens(codec: AccessTokenCodec): Promise<void> {
  const out = createWriteStream(TOKENS_FILE);
  const now = new Date();
  for (let i = 0; i < USERS; i += 1) {
    const { token } = await codec.sign(
      {
        sub: scaleUserId(i),
        jti: `jti-${i}`,
        sid: `sid-${i}`,
        gv: 1,
        uv: 1,
        roles: ['user'],
        username: `scale${i}`,
        email: `scale${i}@example.test`,
      },
      now,
    );
    if (!out.write(`${token}\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** rss and V8 heap used in bytes, after a full GC (the server runs with --expose-gc). */
function memoryAfterGc(): { rss: number; heapUsed: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined)
    throw new Error('run the scale server with --expose-gc');
  // Twice: the first pass can leave weakly held garbage for the second.
  gc();
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function main(): Promise<void> {
  @Module({
    imports: [
      ...(STORAGE === 'mongoose'
        ? [MongooseModule.forRoot(process.env.MONGODB_URI as string)]
        : []),
      AuthModule.forRoot({
        secret: process.env.JWT_SECRET as string,
        storage: STORAGE,
        mountControllers: false,
        rateLimit: false,
        // Long enough that the tokens minted at start outlive the whole run.
        accessTokenTtlSeconds: 3600,
        ...(process.env.SCALE_VERIFIED_CACHE === undefined
          ? {}
          : {
              verifiedTokenCacheMaxEntries: Number(
                process.env.SCALE_VERIFIED_CACHE,
              ),
            }),
      }),
      JwtModule.register({ secret: recipeSecret }),
    ],
    controllers: [ScaleController],
    providers: [RecipeAuthGuard],
  })
  class ScaleServerModule {}

  const app = await NestFactory.create(
    ScaleServerModule,
    new FastifyAdapter(),
    {
      logger: ['error'],
    },
  );
  await app.init();
  const empty = memoryAfterGc();
  const seedStarted = performance.now();
  await seed(app);
  const seedMs = performance.now() - seedStarted;
  await mintTokens(app.get(AccessTokenCodec));
  await app.listen(PORT, '127.0.0.1');
  // Measured after a full GC: minting a million tokens leaves most of a gigabyte of garbage, not
  // the store's, which an RSS read before a collection would count as the server's memory.
  const ready = memoryAfterGc();
  process.stdout.write(
    `READY ${Math.round(seedMs)} ${empty.heapUsed} ${ready.rss} ${ready.heapUsed}\n`,
  );
  // Each line on stdin asks for the memory again (bench/scale.ts, after the run).
  createInterface({ input: process.stdin }).on('line', () => {
    const now = memoryAfterGc();
    process.stdout.write(`MEMORY ${now.rss} ${now.heapUsed}\n`);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
