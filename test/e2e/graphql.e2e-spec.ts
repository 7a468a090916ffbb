// Issue 14: JwtAuthGuard, RolesGuard, @OptionalAuth() and @CurrentUser work for GraphQL resolvers
// when the host uses @nestjs/graphql (an optional peer: Tokenward itself never imports it). The
// fixture is a small code-first schema on Mercurius (Fastify), with Mercurius' default context.
import { Module, UseGuards, type INestApplication } from '@nestjs/common';
import {
  Field,
  GraphQLModule,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  authModule,
  bearer,
  registerAndLogin,
  startApplication,
  type FixtureApp,
} from '../support/fixture-app.js';
import {
  CommandBus,
  CurrentToken,
  CurrentUser,
  JwtAuthGuard,
  ManualClock,
  OptionalAuth,
  Roles,
  RolesGuard,
  type AuthenticatedUser,
  type VerifiedAccessToken,
} from '../support/tokenward.js';

@ObjectType()
class Viewer {
  @Field()
  id!: string;

  @Field()
  username!: string;

  @Field()
  sessionId!: string;
}

@Resolver(() => Viewer)
class ViewerResolver {
  @Query(() => Viewer)
  @UseGuards(JwtAuthGuard)
  viewer(
    @CurrentUser() user: AuthenticatedUser,
    @CurrentToken() token: VerifiedAccessToken,
  ): Viewer {
    return {
      id: user.userId,
      username: user.username,
      sessionId: token.sessionId,
    };
  }

  @Query(() => String, { nullable: true })
  @UseGuards(JwtAuthGuard)
  @OptionalAuth()
  maybeViewer(
    @CurrentUser() user: AuthenticatedUser | undefined,
  ): string | null {
    return user?.username ?? null;
  }

  @Query(() => String)
  @UseGuards(JwtAuthGuard, RolesGuard)
  @Roles('admin')
  adminGreeting(@CurrentUser() user: AuthenticatedUser): string {
    return `Hello, admin ${user.username}`;
  }
}

@Module({ providers: [ViewerResolver] })
class ViewerModule {}

describe('GraphQL resolvers (Mercurius on Fastify)', () => {
  let app: INestApplication;
  let f: FixtureApp;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        authModule({}, clock),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
        }),
        ViewerModule,
      ],
    }).compile();
    app = await startApplication(moduleRef, 'fastify');
    f = {
      app,
      http: request(app.getHttpServer()),
      clock,
      commands: app.get(CommandBus),
      prefix: '/auth',
      close: () => app.close(),
    };
  });

  afterAll(async () => {
    await app?.close();
  });

  const graphql = (query: string, token?: string) => {
    const req = f.http.post('/graphql');
    if (token !== undefined) req.set(...bearer(token));
    return req.send({ query });
  };

  it('JwtAuthGuard and @CurrentUser / @CurrentToken give the signed-in user and session', async () => {
    const s = await registerAndLogin(f);
    const res = await graphql(
      '{ viewer { id username sessionId } }',
      s.accessToken,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.viewer).toEqual({
      id: s.userId,
      username: s.credentials.username,
      sessionId: expect.any(String),
    });
  });

  it('without a token, or with a revoked one, the resolver is refused', async () => {
    const s = await registerAndLogin(f);
    const missing = await graphql('{ viewer { id } }');
    expect(missing.body.data ?? null).toBeNull();
    expect(missing.body.errors).toMatchObject([
      { message: 'Authentication required', path: ['viewer'] },
    ]);

    await f.http
      .post('/auth/logout')
      .set(...bearer(s.accessToken))
      .expect(200);
    const revoked = await graphql('{ viewer { id } }', s.accessToken);
    expect(revoked.body.data ?? null).toBeNull();
    expect(revoked.body.errors).toHaveLength(1);
  });

  it('@OptionalAuth(): the user with a token, null without, an error for a bad one', async () => {
    const s = await registerAndLogin(f);
    expect(
      (await graphql('{ maybeViewer }', s.accessToken)).body.data.maybeViewer,
    ).toBe(s.credentials.username);
    const anonymous = await graphql('{ maybeViewer }');
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data.maybeViewer).toBeNull();
    const bad = await graphql('{ maybeViewer }', `${s.accessToken}x`);
    expect(bad.body.errors).toHaveLength(1);
  });

  it('RolesGuard applies @Roles to resolvers', async () => {
    const member = await registerAndLogin(f);
    const admin = await adminLogin(f);
    const refused = await graphql('{ adminGreeting }', member.accessToken);
    expect(refused.body.errors).toHaveLength(1);
    expect(JSON.stringify(refused.body.errors)).toContain('role');
    const allowed = await graphql('{ adminGreeting }', admin.accessToken);
    expect(allowed.body.data.adminGreeting).toBe(
      `Hello, admin ${admin.credentials.username}`,
    );
  });
});
