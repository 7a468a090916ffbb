import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  adminLogin,
  bearer,
  registerAndLogin,
  startFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';

// Two app instances on one MongoDB database, on the wall clock, as users run them behind a load
// balancer: A on Express, B on Fastify. A change made through one instance must be refused by the
// other within the revocation cache's refresh interval. By design the bound is hard at two
// intervals (past that the request path refreshes synchronously); the typical delay is measured
// by `npm run bench:propagation`, not asserted here.
const REFRESH_MS = 1000;
const BOUND_MS = 2 * REFRESH_MS;

/** Polls `probe` until it returns `expected`; resolves with the elapsed milliseconds. */
async function msUntil(
  probe: () => Promise<number>,
  expected: number,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    const status = await probe();
    const elapsed = performance.now() - started;
    if (status === expected) return elapsed;
    if (elapsed > BOUND_MS + 1000) {
      throw new Error(
        `still ${status} after ${Math.round(elapsed)} ms (expected ${expected})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('several instances on one MongoDB', () => {
  let uri: string;
  let a: FixtureApp;
  let b: FixtureApp;

  beforeAll(async () => {
    uri = uniqueMongoUri(inject('mongoUri'), 'multi-instance');
    const common = {
      mongoUri: uri,
      realClock: true,
      options: {
        revocationCacheRefreshMs: REFRESH_MS,
        refreshReuseIntervalSeconds: 0,
      },
    };
    a = await startFixtureApp({ ...common, adapter: 'express' });
    b = await startFixtureApp({ ...common, adapter: 'fastify' });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    const connection = await mongoose.createConnection(uri).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  const hello = (app: FixtureApp, token: string) => async () =>
    (await app.http.get('/hello').set(...bearer(token))).status;

  it('accepts on A a token issued by B, and on B one issued by A', async () => {
    const onA = await registerAndLogin(a, 'ma');
    const onB = await registerAndLogin(b, 'mb');
    await b.http
      .get('/hello')
      .set(...bearer(onA.accessToken))
      .expect(200);
    await a.http
      .get('/hello')
      .set(...bearer(onB.accessToken))
      .expect(200);
    // A user registered through A can log in through B: one shared user store.
    await b.http
      .post('/auth/login')
      .send({
        username: onA.credentials.username,
        password: onA.credentials.password,
      })
      .expect(200);
  });

  it('a logout through A is refused by B within the bound; the session refresh is refused at once', async () => {
    const session = await registerAndLogin(a, 'logout');
    await b.http
      .get('/hello')
      .set(...bearer(session.accessToken))
      .expect(200);
    await a.http
      .post('/auth/logout')
      .set(...bearer(session.accessToken))
      .expect(200);
    const delay = await msUntil(hello(b, session.accessToken), 401);
    expect(delay).toBeLessThanOrEqual(BOUND_MS);
    await b.http
      .post('/auth/refresh')
      .send({ refresh_token: session.refreshToken })
      .expect(401);
  });

  it('a per-user rotation through A is refused by B within the bound, other users unaffected', async () => {
    const admin = await adminLogin(a);
    const target = await registerAndLogin(a, 'rotated');
    const bystander = await registerAndLogin(b, 'bystander');
    await b.http
      .get('/hello')
      .set(...bearer(target.accessToken))
      .expect(200);
    await a.http
      .post(`/auth/admin/users/${target.userId}/rotations`)
      .set(...bearer(admin.accessToken))
      .send({ reason: 'multi-instance test' })
      .expect(201);
    const delay = await msUntil(hello(b, target.accessToken), 401);
    expect(delay).toBeLessThanOrEqual(BOUND_MS);
    await b.http
      .get('/hello')
      .set(...bearer(bystander.accessToken))
      .expect(200);
  });

  it('a deactivation through A is refused by B within the bound', async () => {
    const admin = await adminLogin(a);
    const target = await registerAndLogin(b, 'deactivated');
    await a.http
      .patch(`/auth/admin/users/${target.userId}`)
      .set(...bearer(admin.accessToken))
      .send({ is_active: false })
      .expect(200);
    const delay = await msUntil(hello(b, target.accessToken), 401);
    expect(delay).toBeLessThanOrEqual(BOUND_MS);
  });

  it('refresh-token reuse detected on B revokes the session on A within the bound', async () => {
    const session = await registerAndLogin(a, 'reuse');
    const rotated = await a.http
      .post('/auth/refresh')
      .send({ refresh_token: session.refreshToken })
      .expect(200);
    const replay = await b.http
      .post('/auth/refresh')
      .send({ refresh_token: session.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    const delay = await msUntil(hello(a, rotated.body.access_token), 401);
    expect(delay).toBeLessThanOrEqual(BOUND_MS);
  });

  it('a global rotation without grace through A is refused by B within the bound; new tokens from B work on A', async () => {
    const admin = await adminLogin(a);
    const before = await registerAndLogin(b, 'global');
    await a.http
      .post('/auth/admin/rotations/global')
      .set(...bearer(admin.accessToken))
      .send({ grace_period_seconds: 0, reason: 'multi-instance test' })
      .expect(201);
    const delay = await msUntil(hello(b, before.accessToken), 401);
    expect(delay).toBeLessThanOrEqual(BOUND_MS);
    const login = await b.http
      .post('/auth/login')
      .send({
        username: before.credentials.username,
        password: before.credentials.password,
      })
      .expect(200);
    await a.http
      .get('/hello')
      .set(...bearer(login.body.access_token))
      .expect(200);
    await b.http
      .get('/hello')
      .set(...bearer(login.body.access_token))
      .expect(200);
  });
});
