// Issue 15: a JWKS-mode resource server subscribed to the auth app's SSF transmitter (the `ssf`
// option) honours what JWKS mode alone cannot see: a logout, a logout-all, a password change, a
// deactivation and a global rotation on the auth app are refused by the resource server within a
// few poll intervals (a role change too: JWKS mode takes the roles from the token), on both adapters and both stores, on the wall clock, as two services would
// run. The stream is created once and reused by a restarted receiver. Bounds are polled with a
// generous timeout, never timed tightly (the figures are bench:propagation's).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  bearer,
  registerAndLogin,
  startFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';
import { startResourceApp, type ResourceApp } from '../support/resource-app.js';
import {
  SetUserStatusCommand,
  TriggerGlobalTokenRotationCommand,
} from '../support/tokenward.js';

const RECEIVER = {
  clientId: 'orders-service',
  clientSecret: 'orders-service-secret-0123456789abcdef-01',
  scopes: ['ssf.manage'],
};
const POLL_INTERVAL_MS = 250;
/** A few poll intervals, with slack for a loaded machine. */
const WITHIN_BOUND = { timeout: 8000, interval: 50 };

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A free loopback port: the auth app's issuer (an http URL) must name the port it listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits into the next whole second: a token issued then postdates a user-wide event. */
async function nextSecond(): Promise<void> {
  await sleep(1050 - (Date.now() % 1000));
}

describe.each(ADAPTERS_AND_STORES)(
  'resource server with an SSF subscription (%s, %s storage)',
  (adapter, storage) => {
    let auth: FixtureApp;
    let resource: ResourceApp;
    let issuer: string;

    const startReceiver = () =>
      startResourceApp(adapter, {
        issuer,
        audience: 'tokenward',
        verification: {
          mode: 'jwks',
          jwksUrl: `${issuer}/auth/.well-known/jwks.json`,
        },
        ssf: {
          clientId: RECEIVER.clientId,
          clientSecret: RECEIVER.clientSecret,
          pollIntervalMs: POLL_INTERVAL_MS,
        },
      });
    const orders = (token: string) =>
      resource.http.get('/orders').set(...bearer(token));
    const ordersStatus = (token: string) => async () =>
      (await orders(token)).status;
    /** The receiver's streams, as the transmitter lists them to its client. */
    const streams = async (): Promise<Array<Record<string, unknown>>> => {
      const token = await auth.http
        .post('/auth/token')
        .type('form')
        .send({
          grant_type: 'client_credentials',
          client_id: RECEIVER.clientId,
          client_secret: RECEIVER.clientSecret,
        })
        .expect(200);
      const listed = await auth.http
        .get('/auth/ssf/streams')
        .set(...bearer(token.body.access_token as string))
        .expect(200);
      return listed.body as Array<Record<string, unknown>>;
    };

    beforeAll(async () => {
      const port = await freePort();
      issuer = `http://127.0.0.1:${port}`;
      auth = await startFixtureApp({
        adapter,
        storage,
        realClock: true,
        options: {
          issuer,
          clients: [RECEIVER],
          signing: { algorithm: 'EdDSA' },
        },
      });
      await auth.app.listen(port, '127.0.0.1');
      resource = await startReceiver();
      // Events are queued for a stream from its creation on: wait until the receiver has one.
      const deadline = Date.now() + WITHIN_BOUND.timeout;
      while ((await streams()).length === 0) {
        if (Date.now() > deadline)
          throw new Error('the receiver made no stream');
        await sleep(WITHIN_BOUND.interval);
      }
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    it('refuses a token once its session logged out on the auth app, and only that session', async () => {
      const s = await registerAndLogin(auth);
      const other = await auth.http
        .post('/auth/login')
        .send({
          username: s.credentials.username,
          password: s.credentials.password,
        })
        .expect(200);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      expectUnauthorized(await orders(s.accessToken), 'token_revoked');
      await orders(other.body.access_token as string).expect(200);
    });

    it("refuses every one of a user's tokens after logout-all, not other users'", async () => {
      const s = await registerAndLogin(auth);
      const bystander = await registerAndLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post('/auth/logout-all')
        .set(...bearer(s.accessToken))
        .expect(200);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      await orders(bystander.accessToken).expect(200);
    });

    it("refuses the user's earlier tokens after a password change; a later login works", async () => {
      const s = await registerAndLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.http
        .post('/auth/password/change')
        .set(...bearer(s.accessToken))
        .send({
          current_password: s.credentials.password,
          new_password: 'a-new-password-of-some-length',
        })
        .expect((res) => expect(res.status).toBeLessThan(300));

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      await nextSecond();
      const again = await auth.http
        .post('/auth/login')
        .send({
          username: s.credentials.username,
          password: 'a-new-password-of-some-length',
        })
        .expect(200);
      await orders(again.body.access_token as string).expect(200);
    });

    it('refuses the tokens of a deactivated user', async () => {
      const s = await registerAndLogin(auth);
      await orders(s.accessToken).expect(200);

      await auth.commands.execute(new SetUserStatusCommand(s.userId, false));

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
    });

    it('refuses a token carrying stale roles after a role change; a new token carries the new ones', async () => {
      const s = await registerAndLogin(auth);
      await resource.http
        .get('/orders/admin')
        .set(...bearer(s.accessToken))
        .expect(403);

      await auth.commands.execute(
        new SetUserStatusCommand(s.userId, undefined, ['admin']),
      );

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      await nextSecond();
      const again = await auth.http
        .post('/auth/login')
        .send({
          username: s.credentials.username,
          password: s.credentials.password,
        })
        .expect(200);
      await resource.http
        .get('/orders/admin')
        .set(...bearer(again.body.access_token as string))
        .expect(200);
    });

    it('refuses every earlier token after a global rotation (grace 0); later ones work', async () => {
      const alice = await registerAndLogin(auth);
      const bob = await registerAndLogin(auth);
      await orders(alice.accessToken).expect(200);

      await auth.commands.execute(new TriggerGlobalTokenRotationCommand(0));

      await expect
        .poll(ordersStatus(alice.accessToken), WITHIN_BOUND)
        .toBe(401);
      await expect.poll(ordersStatus(bob.accessToken), WITHIN_BOUND).toBe(401);
      await nextSecond();
      const later = await registerAndLogin(auth);
      await orders(later.accessToken).expect(200);
    });

    it('a restarted receiver reuses its stream and keeps receiving', async () => {
      await resource.close();
      resource = await startReceiver();
      const s = await registerAndLogin(auth);
      // The new receiver subscribes in the background; a login's token works either way.
      await orders(s.accessToken).expect(200);
      await sleep(POLL_INTERVAL_MS * 2);

      await auth.http
        .post('/auth/logout')
        .set(...bearer(s.accessToken))
        .expect(200);

      await expect.poll(ordersStatus(s.accessToken), WITHIN_BOUND).toBe(401);
      expect(await streams()).toHaveLength(1);
    });
  },
);
