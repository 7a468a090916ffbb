import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../../example/app.module.js';
import { startApplication } from '../support/fixture-app.js';
import { jwtHeader } from '../support/http-assertions.js';
import { StorageOutage } from '../support/handler-kit.js';
import {
  Clock,
  ManualClock,
  MemoryRotationStateRepository,
  RevocationStateService,
  RotationStateRepository,
} from '../support/tokenward.js';

// A poll interval far longer than the test: only the frozen clock moves the cache's age.
const REFRESH_MS = 60_000;
const MAX_STALENESS_MS = 300_000;

describe.each(['express', 'fastify'] as const)(
  "the example app's /health (%s)",
  (adapter) => {
    let app: INestApplication;
    let clock: ManualClock;
    const outage = new StorageOutage();

    beforeAll(async () => {
      clock = new ManualClock(new Date());
      const moduleRef = await Test.createTestingModule({
        imports: [
          AppModule.register({
            env: {},
            authOverrides: {
              revocationCacheRefreshMs: REFRESH_MS,
              revocationMaxStalenessMs: MAX_STALENESS_MS,
            },
          }),
        ],
      })
        .overrideProvider(Clock)
        .useValue(clock)
        .overrideProvider(RotationStateRepository)
        .useValue(outage.wrap(new MemoryRotationStateRepository(), ['get']))
        .compile();
      app = await startApplication(moduleRef, adapter);
    });

    afterAll(async () => {
      await app.close();
    });

    beforeEach(async () => {
      outage.down = false;
      await app.get(RevocationStateService).refresh();
    });

    const health = () => request(app.getHttpServer()).get('/health');

    it('answers 200 ok with storage up and a fresh revocation state', async () => {
      const response = await health().expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        storage: { status: 'up' },
        revocation_cache: {
          age_ms: 0,
          max_staleness_ms: MAX_STALENESS_MS,
          status: 'fresh',
        },
        // No token signed yet: the first login creates the key ring.
        signing_key: { status: 'none', kid: null, algorithm: null },
      });
    });

    it('answers 200 degraded while the poll lags within the max staleness', async () => {
      clock.advance(REFRESH_MS * 2 + 1);
      const response = await health().expect(200);
      expect(response.body).toMatchObject({
        status: 'degraded',
        revocation_cache: { age_ms: REFRESH_MS * 2 + 1, status: 'lagging' },
      });
    });

    it('answers 503 once the revocation state is older than its max staleness', async () => {
      clock.advance(MAX_STALENESS_MS + 1);
      const response = await health().expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        storage: { status: 'up' },
        revocation_cache: { age_ms: MAX_STALENESS_MS + 1, status: 'stale' },
      });
    });

    it('answers 503 when storage is unreachable', async () => {
      outage.down = true;
      const response = await health().expect(503);
      expect(response.body).toMatchObject({
        status: 'error',
        storage: { status: 'down' },
        revocation_cache: { status: 'fresh' },
      });
    });

    it('needs no token (public route)', async () => {
      await health().expect(200);
    });

    it('names the active signing key once the first login created it', async () => {
      const credentials = {
        username: `health${adapter}`,
        email: `health-${adapter}@example.test`,
        password: 'health password 123',
      };
      const server = app.getHttpServer();
      await request(server)
        .post('/auth/register')
        .send(credentials)
        .expect(201);
      const login = await request(server)
        .post('/auth/login')
        .send({
          username: credentials.username,
          password: credentials.password,
        })
        .expect(200);
      const kid = jwtHeader(login.body.access_token).kid;

      const response = await health().expect(200);
      expect(response.body.signing_key).toEqual({
        status: 'ok',
        kid,
        algorithm: 'HS256',
      });
    });
  },
);
