// The server bench/scale.ts measures, run as a child process pinned to one core: Tokenward's
// guard on a host route, the NestJS docs recipe (JwtService with a KeyObject secret, no
// revocation) and an open route, on Fastify, holding SCALE_USERS users in memory or MongoDB.
// Not a production entry point.
import { createSecretKey, randomUUID } from 'node:crypto';
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
import mongoose, { type Connection } from 'mongoose';
import {
  AccessTokenCodec,
  AuthConfig,
  AuthModule,
  JwtAuthGuard,
  UserRepository,
  type AuthenticatedUser,
} from '../src/index.js';
import { UserMapper } from '../src/infrastructure/persistence/mongoose/user.mapper.js';
import type { UserDocument } from '../src/infrastructure/persistence/mongoose/user.schema.js';
import { memoryAfterGc } from './support/process.js';
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
    await seedMongo(app);
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

/** Users per `insertMany`: about 2.3 MB of BSON (458 bytes a user), well under a second quiet. */
const MONGO_SEED_BATCH = 5_000;
const MONGO_SEED_PROGRESS = 100_000;
/** The users collection of the app's default prefix: its indexes are checked before seeding. */
const MONGO_USERS = 'tokenward_users';
/** The indexes the app creates on it (user.schema.ts), all present before the first insert. */
const MONGO_USER_INDEXES = [
  '_id_',
  'usernameKey_1',
  'usernameNormalized_1',
  'emailNormalized_1',
  'isActive_1_createdAt_1__id_1',
  'lastStateChangeAt_1',
];

/**
 * Seeds MongoDB as registration would have: user 0 through the app's own `UserRepository.create`
 * (the registration path), then the rest in bulk as the documents `UserMapper.toPersistence`
 * gives for them (what `create` hands to mongoose), into the collection the app indexed at
 * start-up. Checks that the bulk documents have the same fields and types as the one the
 * repository wrote, so the figure is not taken on a leaner store.
 *
 * The bulk insert goes over a connection of its own whose driver waits 5 min for the server
 * (`connectTimeoutMS`, which is also the heartbeat's timeout, default 30 s): a loaded machine can
 * stall the bundled Java server longer than that, and the driver then interrupts the insert in
 * flight ("interrupted due to server monitor timeout"). The app's connection keeps the defaults.
 */
async function seedMongo(app: { get<T>(token: unknown): T }): Promise<void> {
  const appUsers = app
    .get<Connection>(getConnectionToken())
    .collection(MONGO_USERS);
  const indexes = (await appUsers.indexes()).map(({ name }) => name);
  const missing = MONGO_USER_INDEXES.filter((name) => !indexes.includes(name));
  if (missing.length > 0)
    throw new Error(
      `${MONGO_USERS} lacks the app's indexes ${missing.join(', ')} (has ${indexes.join(', ')})`,
    );
  await app.get<UserRepository>(UserRepository).create(scaleUsers(0, 1)[0]!);

  const seeding = await mongoose
    .createConnection(process.env.MONGODB_URI as string, {
      connectTimeoutMS: 300_000,
      serverSelectionTimeoutMS: 300_000,
      socketTimeoutMS: 0,
    })
    .asPromise();
  try {
    const users = seeding.db!.collection<UserDocument>(MONGO_USERS);
    const started = performance.now();
    for (let from = 1; from < USERS; from += MONGO_SEED_BATCH) {
      const to = Math.min(USERS, from + MONGO_SEED_BATCH);
      await users.insertMany(
        scaleUsers(from, to).map((user) => UserMapper.toPersistence(user)),
        { ordered: false },
      );
      if (
        Math.floor(to / MONGO_SEED_PROGRESS) >
          Math.floor(from / MONGO_SEED_PROGRESS) ||
        to === USERS
      )
        process.stderr.write(
          `scale-server: ${to.toLocaleString('en-US')} / ${USERS.toLocaleString('en-US')} users in MongoDB, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
    }
    if (USERS > 1) {
      const [registered, bulk] = await Promise.all(
        [0, 1].map((i) => users.findOne({ _id: scaleUserId(i) })),
      );
      const shape = (doc: object | null) =>
        doc === null
          ? 'missing'
          : Object.entries(doc)
              .map(
                ([key, value]) =>
                  `${key}:${Object.prototype.toString.call(value)}`,
              )
              .sort()
              .join(',');
      if (shape(registered) !== shape(bulk))
        throw new Error(
          `bulk-seeded user differs from a registered one:\n  registered ${shape(registered)}\n  bulk       ${shape(bulk)}`,
        );
    }
    const count = await users.estimatedDocumentCount();
    if (count !== USERS)
      throw new Error(`${MONGO_USERS} holds ${count} users, not ${USERS}`);
  } finally {
    await seeding.close();
  }
}

/**
 * Signs one access token per user with the app's own codec, one per line in TOKENS_FILE, with the
 * claims a password login's token carries (`TokenIssuer`): random UUIDs for `jti` and `sid` (not
 * short made-up ids: V8's JSON.parse interns string values of up to 10 characters, straight into
 * the old generation, which real tokens would not pay), the first-party `client_id`, `amr` and
 * `auth_time`.
 */
async function mintTokens(
  codec: AccessTokenCodec,
  clientId: string,
): Promise<void> {
  const out = createWriteStream(TOKENS_FILE);
  const now = new Date();
  const authTime = Math.floor(now.getTime() / 1000);
  for (let i = 0; i < USERS; i += 1) {
    const { token } = await codec.sign(
      {
        sub: scaleUserId(i),
        jti: randomUUID(),
        sid: randomUUID(),
        gv: 1,
        uv: 1,
        roles: ['user'],
        username: `scale${i}`,
        email: `scale${i}@example.test`,
        client_id: clientId,
        amr: ['pwd'],
        auth_time: authTime,
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
  await mintTokens(
    app.get(AccessTokenCodec),
    app.get(AuthConfig).firstPartyClientId,
  );
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
