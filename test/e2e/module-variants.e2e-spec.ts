import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminLogin,
  bearer,
  FAST_ARGON2,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  useFixtureApp,
  TEST_SECRET,
  startApplication,
} from '../support/fixture-app.js';
import {
  expectError,
  expectUnauthorized,
  jwtPayload,
} from '../support/http-assertions.js';
import {
  AuthenticateUserCommand,
  AuthModule,
  Clock,
  CommandBus,
  GenerateAuthTokensCommand,
  ManualClock,
  RegisterUserCommand,
  type AuthModuleOptions,
} from '../support/tokenward.js';

describe.each(['express', 'fastify'] as const)(
  'forRootAsync via the fixture (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      async: true,
      options: { accessTokenTtlSeconds: 120, refreshReuseIntervalSeconds: 2 },
    });

    it('register, login, me, refresh, logout work end to end with the factory’s options', async () => {
      const s = await registerAndLogin(f);
      const claims = jwtPayload(s.accessToken);
      expect((claims.exp as number) - (claims.iat as number)).toBe(120);

      await f.http
        .get('/auth/me')
        .set(...bearer(s.accessToken))
        .expect(200);
      const refreshed = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.expires_in).toBe(120);
      await f.http
        .post('/auth/logout')
        .set(...bearer(refreshed.body.access_token))
        .expect(200);
      expectUnauthorized(
        await f.http
          .get('/auth/me')
          .set(...bearer(refreshed.body.access_token)),
        'token_revoked',
      );
    });

    it('the factory’s refresh reuse interval (2 s) applies', async () => {
      const s = await registerAndLogin(f);
      const rotated = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken })
        .expect(200);
      f.clock.advanceSeconds(3);

      const replay = await f.http
        .post('/auth/refresh')
        .send({ refresh_token: s.refreshToken });

      expectUnauthorized(replay, 'refresh_token_reused');
      expectUnauthorized(
        await f.http.get('/auth/me').set(...bearer(rotated.body.access_token)),
        'token_revoked',
      );
    });

    it('the factory’s access TTL (120 s) applies to host routes', async () => {
      const s = await registerAndLogin(f);
      f.clock.advanceSeconds(126);

      expectUnauthorized(
        await f.http.get('/hello').set(...bearer(s.accessToken)),
        'token_expired',
      );
    });

    it('admin routes and introspection are mounted', async () => {
      const admin = await adminLogin(f);
      const s = await registerAndLogin(f);

      await f.http
        .get('/auth/admin/users')
        .set(...bearer(admin.accessToken))
        .expect(200);
      const res = await f.http
        .post('/auth/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: s.accessToken });
      expect(res.body).toMatchObject({ active: true, sub: s.userId });
    });
  },
);

// forRootAsync the way a host wires it: options from its own config module via imports + inject.
const HOST_CONFIG = Symbol('HOST_CONFIG');

@Module({
  providers: [
    {
      provide: HOST_CONFIG,
      useValue: {
        jwtSecret: TEST_SECRET,
        issuer: 'host-issuer',
        audience: 'host-api',
      },
    },
  ],
  exports: [HOST_CONFIG],
})
class HostConfigModule {}

describe.each(['express', 'fastify'] as const)(
  'forRootAsync with imports + inject (%s)',
  (adapter) => {
    let app: INestApplication;
    let http: ReturnType<typeof request>;

    beforeAll(async () => {
      const clock = new ManualClock(new Date());
      const moduleRef = await Test.createTestingModule({
        imports: [
          AuthModule.forRootAsync({
            imports: [HostConfigModule],
            inject: [HOST_CONFIG],
            useFactory: (config: {
              jwtSecret: string;
              issuer: string;
              audience: string;
            }) =>
              ({
                secret: config.jwtSecret,
                issuer: config.issuer,
                audience: config.audience,
                argon2: FAST_ARGON2,
              }) satisfies AuthModuleOptions,
            providers: [{ provide: Clock, useValue: clock }],
          }),
        ],
      }).compile();
      app = await startApplication(moduleRef, adapter);
      http = request(app.getHttpServer());
    });
    afterAll(() => app.close());

    it('issues tokens with the injected issuer and audience and accepts them', async () => {
      const user = {
        username: 'hostuser',
        email: 'hostuser@example.test',
        password: 'host-password-1',
      };
      await http.post('/auth/register').send(user).expect(201);
      const login = await http
        .post('/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);

      expect(jwtPayload(login.body.access_token)).toMatchObject({
        iss: 'host-issuer',
        aud: 'host-api',
      });
      const me = await http
        .get('/auth/me')
        .set(...bearer(login.body.access_token));
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('hostuser');
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'custom routePrefix (%s)',
  (adapter) => {
    const f = useFixtureApp({ adapter, routePrefix: '/api/v1/identity/' });

    it('mounts every route under the prefix', async () => {
      expect(f.prefix).toBe('/api/v1/identity');
      const s = await registerAndLogin(f);

      await f.http
        .get('/api/v1/identity/me')
        .set(...bearer(s.accessToken))
        .expect(200);
      await f.http
        .get('/hello')
        .set(...bearer(s.accessToken))
        .expect(200);
      const refreshed = await f.http
        .post('/api/v1/identity/refresh')
        .send({ refresh_token: s.refreshToken })
        .expect(200);
      const introspection = await f.http
        .post('/api/v1/identity/introspect')
        .auth(INTROSPECTION_CLIENT.clientId, INTROSPECTION_CLIENT.clientSecret)
        .send({ token: refreshed.body.access_token });
      expect(introspection.body).toMatchObject({ active: true, sub: s.userId });
      await f.http
        .post('/api/v1/identity/logout')
        .set(...bearer(refreshed.body.access_token))
        .expect(200);
      expectUnauthorized(
        await f.http
          .get('/api/v1/identity/me')
          .set(...bearer(refreshed.body.access_token)),
        'token_revoked',
      );
    });

    it('admin routes live under <prefix>/admin and keep their 401/403 rules', async () => {
      const admin = await adminLogin(f);
      const user = await registerAndLogin(f);

      const rotation = await f.http
        .post(`/api/v1/identity/admin/users/${user.userId}/rotations`)
        .set(...bearer(admin.accessToken))
        .send({});
      expect(rotation.status).toBe(201);
      expect(rotation.body.user_id).toBe(user.userId);
      expectUnauthorized(
        await f.http
          .get('/api/v1/identity/me')
          .set(...bearer(user.accessToken)),
        'token_version_rejected',
      );
      expectError(
        await f.http
          .get('/api/v1/identity/admin/users')
          .set(...bearer((await registerAndLogin(f)).accessToken)),
        403,
        'insufficient_role',
      );
      expectUnauthorized(
        await f.http.get('/api/v1/identity/admin/rotations/global'),
        'authentication_required',
      );
    });

    it('nothing is mounted under the default /auth prefix', async () => {
      const s = await registerAndLogin(f);

      expect(
        (await f.http.post('/auth/register').send({ username: 'x' })).status,
      ).toBe(404);
      expect(
        (
          await f.http.post('/auth/login').send({
            username: s.credentials.username,
            password: s.credentials.password,
          })
        ).status,
      ).toBe(404);
      expect(
        (await f.http.get('/auth/me').set(...bearer(s.accessToken))).status,
      ).toBe(404);
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'mountControllers: false (%s)',
  (adapter) => {
    let app: INestApplication;
    let http: ReturnType<typeof request>;
    let commands: CommandBus;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          AuthModule.forRoot({
            secret: TEST_SECRET,
            argon2: FAST_ARGON2,
            mountControllers: false,
          }),
        ],
      }).compile();
      app = await startApplication(moduleRef, adapter);
      http = request(app.getHttpServer());
      commands = app.get(CommandBus);
    });
    afterAll(() => app.close());

    it('exposes no HTTP routes, while the command bus still issues working tokens', async () => {
      await commands.execute(
        new RegisterUserCommand(
          'bususer',
          'bususer@example.test',
          'bus-password-1',
        ),
      );
      const principal = await commands.execute(
        new AuthenticateUserCommand('bususer', 'bus-password-1'),
      );
      const tokens = await commands.execute(
        new GenerateAuthTokensCommand(principal.userId),
      );

      expect(tokens.tokenType).toBe('Bearer');
      expect(jwtPayload(tokens.accessToken).sub).toBe(principal.userId);
      expect(
        (
          await http
            .post('/auth/login')
            .send({ username: 'bususer', password: 'bus-password-1' })
        ).status,
      ).toBe(404);
    });
  },
);
