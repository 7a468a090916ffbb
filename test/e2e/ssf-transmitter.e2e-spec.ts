// Issue 15: Tokenward as an SSF 1.0 transmitter over HTTP, on both adapters and both stores: the
// transmitter configuration, stream management owned by the receiver's client, status,
// verification, RFC 8936 poll delivery, and CAEP/RISC SETs from the domain events that verify
// with jose against the JWKS.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getConnectionToken } from '@nestjs/mongoose';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  ADAPTERS_AND_STORES,
  adminLogin,
  bearer,
  registerAndLogin,
  startFixtureApp,
  useFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';
import type { Response } from 'supertest';
import { expectError } from '../support/http-assertions.js';

const ISSUER = 'http://127.0.0.1:4000';
const RECEIVER = {
  clientId: 'risk-engine',
  clientSecret: 'risk-engine-secret-0123456789abcdef-0123',
  scopes: ['ssf.manage'],
};
const OTHER_RECEIVER = {
  clientId: 'other-receiver',
  clientSecret: 'other-receiver-secret-0123456789abcdef-01',
  scopes: ['ssf.manage'],
};
const READER = {
  clientId: 'reader',
  clientSecret: 'reader-secret-0123456789abcdef-0123456789',
  scopes: ['ssf.read'],
};
const NO_SSF = {
  clientId: 'reports',
  clientSecret: 'reports-secret-0123456789abcdef-0123456789',
  scopes: ['reports:read'],
};

const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
const SESSION_REVOKED = `${CAEP}session-revoked`;
const CREDENTIAL_CHANGE = `${CAEP}credential-change`;
const TOKEN_CLAIMS_CHANGE = `${CAEP}token-claims-change`;
const ACCOUNT_DISABLED = `${RISC}account-disabled`;
const ACCOUNT_ENABLED = `${RISC}account-enabled`;
const VERIFICATION =
  'https://schemas.openid.net/secevent/ssf/event-type/verification';
const ALL_EVENTS = [
  SESSION_REVOKED,
  CREDENTIAL_CHANGE,
  TOKEN_CLAIMS_CHANGE,
  ACCOUNT_DISABLED,
  ACCOUNT_ENABLED,
];

/** A client-credentials access token of `client` (its configured scopes). */
async function clientToken(
  f: FixtureApp,
  client: { clientId: string; clientSecret: string },
): Promise<string> {
  const res = await f.http
    .post('/auth/token')
    .type('form')
    .send({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    })
    .expect(200);
  return res.body.access_token as string;
}

/**
 * Serves the app's JWKS at a real URL for jose's `createRemoteJWKSet` (supertest apps listen on
 * an ephemeral port each request): a tiny proxy that fetches it through the fixture.
 */
async function jwksServer(
  f: FixtureApp,
): Promise<{ url: URL; server: Server }> {
  const server = createServer((_req, res) => {
    void f.http.get('/auth/.well-known/jwks.json').then((jwks) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}/jwks.json`), server };
}

describe.each(ADAPTERS_AND_STORES)(
  'SSF transmitter (%s, %s storage)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: {
        issuer: ISSUER,
        clients: [RECEIVER, OTHER_RECEIVER, READER, NO_SSF],
        signing: { algorithm: 'ES256' },
      },
    });

    let receiver: string;
    let other: string;
    const streams = () => f.http.post('/auth/ssf/streams');
    const poll = (
      streamId: string,
      body: Record<string, unknown>,
      token = receiver,
    ) =>
      f.http
        .post(`/auth/ssf/poll/${streamId}`)
        .set(...bearer(token))
        .send(body);
    /** Polls (long polls, no ack) until `count` SETs are queued; returns them. */
    const pollUntil = async (streamId: string, count: number) => {
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const res = await poll(streamId, { maxEvents: 100 }).expect(200);
        if (Object.keys(res.body.sets).length >= count)
          return res.body.sets as Record<string, string>;
      }
      throw new Error(`fewer than ${count} SETs queued on ${streamId}`);
    };
    const create = async (body: Record<string, unknown> = {}) =>
      (
        await streams()
          .set(...bearer(receiver))
          .send({ events_requested: ALL_EVENTS, ...body })
          .expect(201)
      ).body as { stream_id: string } & Record<string, unknown>;

    /** `GET /auth/ssf/streams?stream_id=` as `token`'s client. */
    const readStream = (streamId: string, token = receiver) =>
      f.http
        .get('/auth/ssf/streams')
        .query({ stream_id: streamId })
        .set(...bearer(token));
    /** What every stream route answers for a stream the caller does not own, or that is gone. */
    const expectStreamNotFound = (res: Response) =>
      expectError(res, 404, 'stream_not_found');

    beforeAll(async () => {
      receiver = await clientToken(f, RECEIVER);
      other = await clientToken(f, OTHER_RECEIVER);
    });

    describe('stream management (SSF 1.0 §8.1.1)', () => {
      it('creates a poll stream owned by the caller, with what it delivers', async () => {
        const res = await streams()
          .set(...bearer(receiver))
          .send({
            events_requested: [SESSION_REVOKED, 'urn:example:unknown'],
            description: 'risk engine',
          })
          .expect(201);
        expect(res.headers['cache-control']).toBe('no-store');
        const id = res.body.stream_id as string;
        expect(res.body).toEqual({
          stream_id: id,
          iss: ISSUER,
          aud: RECEIVER.clientId,
          delivery: {
            method: 'urn:ietf:rfc:8936',
            endpoint_url: `${ISSUER}/auth/ssf/poll/${id}`,
          },
          events_supported: ALL_EVENTS,
          events_requested: [SESSION_REVOKED, 'urn:example:unknown'],
          events_delivered: [SESSION_REVOKED],
          description: 'risk engine',
          inactivity_timeout: 2592000,
        });
        const read = await readStream(id).expect(200);
        expect(read.body).toEqual(res.body);
        const list = await f.http
          .get('/auth/ssf/streams')
          .set(...bearer(receiver))
          .expect(200);
        expect(
          list.body.map((s: { stream_id: string }) => s.stream_id),
        ).toContain(id);
      });

      it('hides a stream from every other client: 404 on read, update, delete, status, verify and poll', async () => {
        const { stream_id: id } = await create();
        expectStreamNotFound(await readStream(id, other));
        const list = await f.http
          .get('/auth/ssf/streams')
          .set(...bearer(other))
          .expect(200);
        expect(
          list.body.map((s: { stream_id: string }) => s.stream_id),
        ).not.toContain(id);
        expectStreamNotFound(
          await f.http
            .patch('/auth/ssf/streams')
            .set(...bearer(other))
            .send({ stream_id: id, description: 'x' }),
        );
        expectStreamNotFound(
          await f.http
            .delete('/auth/ssf/streams')
            .query({ stream_id: id })
            .set(...bearer(other)),
        );
        expectStreamNotFound(
          await f.http
            .get('/auth/ssf/status')
            .query({ stream_id: id })
            .set(...bearer(other)),
        );
        expectStreamNotFound(
          await f.http
            .post('/auth/ssf/verify')
            .set(...bearer(other))
            .send({ stream_id: id }),
        );
        expectStreamNotFound(
          await poll(id, { returnImmediately: true }, other),
        );
        // Still the owner's.
        await readStream(id).expect(200);
      });

      it('updates (PATCH keeps what is absent) and replaces (PUT removes it)', async () => {
        const { stream_id: id } = await create({ description: 'first' });
        const patched = await f.http
          .patch('/auth/ssf/streams')
          .set(...bearer(receiver))
          .send({
            stream_id: id,
            events_requested: [CREDENTIAL_CHANGE],
            iss: ISSUER,
            aud: RECEIVER.clientId,
          })
          .expect(200);
        expect(patched.body.events_delivered).toEqual([CREDENTIAL_CHANGE]);
        expect(patched.body.description).toBe('first');
        const replaced = await f.http
          .put('/auth/ssf/streams')
          .set(...bearer(receiver))
          .send({ stream_id: id, events_requested: [SESSION_REVOKED] })
          .expect(200);
        expect(replaced.body.events_requested).toEqual([SESSION_REVOKED]);
        expect(replaced.body.description).toBeUndefined();
        // A transmitter-supplied property that does not match: 400.
        const wrong = expectError(
          await f.http
            .patch('/auth/ssf/streams')
            .set(...bearer(receiver))
            .send({ stream_id: id, events_delivered: [ACCOUNT_DISABLED] }),
          400,
          'validation_failed',
        );
        expect(wrong.message).toContain('events_delivered');
      });

      it('deletes a stream: 204, then 404', async () => {
        const { stream_id: id } = await create();
        await f.http
          .delete('/auth/ssf/streams')
          .query({ stream_id: id })
          .set(...bearer(receiver))
          .expect(204);
        expectStreamNotFound(await readStream(id));
      });

      it('refuses invalid bodies with a clear 400', async () => {
        const push = expectError(
          await streams()
            .set(...bearer(receiver))
            .send({
              delivery: {
                method: 'urn:ietf:rfc:8935',
                endpoint_url: 'https://r.example/events',
              },
            }),
          400,
          'validation_failed',
        );
        expect(push.message).toContain('poll');
        expectError(
          await streams()
            .set(...bearer(receiver))
            .send({ events_requested: 'not-an-array' }),
          400,
          'validation_failed',
        );
        expectError(
          await streams()
            .set(...bearer(receiver))
            .send({ unknown_property: 1 }),
          400,
          'validation_failed',
        );
        expectError(
          await f.http
            .post('/auth/ssf/status')
            .set(...bearer(receiver))
            .send({ stream_id: 'x', status: 'sleeping' }),
          400,
          'validation_failed',
        );
        const { stream_id: id } = await create();
        expectError(
          await poll(id, { maxEvents: -1 }),
          400,
          'validation_failed',
        );
        expectError(
          await poll(id, { setErrs: { a: 'no object' } }),
          400,
          'validation_failed',
        );
        expectError(await poll(id, { ack: [1, 2] }), 400, 'validation_failed');
      });
    });

    describe('authorization (RFC 6750)', () => {
      it('without a token: 401 with a Bearer challenge', async () => {
        const res = await streams().send({});
        expectError(res, 401, 'authentication_required');
        expect(res.headers['www-authenticate']).toBe(
          'Bearer realm="tokenward"',
        );
      });

      it("a user's access token is not a receiver's: 401 invalid_token", async () => {
        const user = await registerAndLogin(f, 'ssfuser');
        const res = await streams()
          .set(...bearer(user.accessToken))
          .send({});
        expectError(res, 401, 'invalid_token');
        expect(res.headers['www-authenticate']).toContain(
          'error="invalid_token"',
        );
      });

      it('a client token without an SSF scope: 403 insufficient_scope', async () => {
        const res = await f.http
          .get('/auth/ssf/streams')
          .set(...bearer(await clientToken(f, NO_SSF)));
        expectError(res, 403, 'insufficient_scope');
        expect(res.headers['www-authenticate']).toBe(
          'Bearer realm="tokenward", error="insufficient_scope", scope="ssf.read"',
        );
      });

      it('ssf.read reads but does not manage', async () => {
        const reader = await clientToken(f, READER);
        await f.http
          .get('/auth/ssf/streams')
          .set(...bearer(reader))
          .expect(200);
        expectError(
          await streams()
            .set(...bearer(reader))
            .send({}),
          403,
          'insufficient_scope',
        );
      });
    });

    describe('status and verification (SSF 1.0 §8.1.2, §8.1.4)', () => {
      it('reads and updates the status; a paused stream holds its SETs until enabled', async () => {
        const { stream_id: id } = await create();
        const status = await f.http
          .get('/auth/ssf/status')
          .query({ stream_id: id })
          .set(...bearer(receiver))
          .expect(200);
        expect(status.body).toEqual({ stream_id: id, status: 'enabled' });
        const paused = await f.http
          .post('/auth/ssf/status')
          .set(...bearer(receiver))
          .send({ stream_id: id, status: 'paused', reason: 'maintenance' })
          .expect(200);
        expect(paused.body).toEqual({
          stream_id: id,
          status: 'paused',
          reason: 'maintenance',
        });
        await f.http
          .post('/auth/ssf/verify')
          .set(...bearer(receiver))
          .send({ stream_id: id, state: 'held' })
          .expect(204);
        expect(
          (await poll(id, { returnImmediately: true }).expect(200)).body,
        ).toEqual({ sets: {}, moreAvailable: false });
        await f.http
          .post('/auth/ssf/status')
          .set(...bearer(receiver))
          .send({ stream_id: id, status: 'enabled' })
          .expect(200);
        const held = await poll(id, { returnImmediately: true }).expect(200);
        expect(Object.keys(held.body.sets)).toHaveLength(1);
      });

      it('queues a verification SET with the state, the stream as its subject', async () => {
        const { stream_id: id } = await create();
        await f.http
          .post('/auth/ssf/verify')
          .set(...bearer(receiver))
          .send({ stream_id: id, state: 'abc123' })
          .expect(204);
        const res = await poll(id, { returnImmediately: true }).expect(200);
        const [set] = Object.values(res.body.sets) as string[];
        const claims = decodeJwt(set!);
        expect(claims.sub_id).toEqual({ format: 'opaque', id });
        expect(
          (claims.events as Record<string, { state?: string }>)[VERIFICATION]
            ?.state,
        ).toBe('abc123');
        expect(claims.aud).toBe(RECEIVER.clientId);
      });
    });

    describe('poll delivery (RFC 8936) of the domain events', () => {
      let jwks: { url: URL; server: Server };
      beforeAll(async () => {
        jwks = await jwksServer(f);
      });
      afterAll(async () => {
        await new Promise((resolve) => jwks.server.close(resolve));
      });

      it('a logout becomes a session-revoked SET that verifies with jose; the ack removes it', async () => {
        const { stream_id: id } = await create();
        const user = await registerAndLogin(f, 'ssflogout');
        const sid = decodeJwt(user.accessToken).sid as string;
        await f.http
          .post('/auth/logout')
          .set(...bearer(user.accessToken))
          .expect(200);
        // A long poll: answered as soon as the SET is queued.
        const res = await poll(id, { maxEvents: 10 }).expect(200);
        expect(res.body.moreAvailable).toBe(false);
        const entries = Object.entries(res.body.sets as Record<string, string>);
        expect(entries).toHaveLength(1);
        const [jti, set] = entries[0]!;
        const { payload, protectedHeader } = await jwtVerify(
          set,
          createRemoteJWKSet(jwks.url),
          {
            typ: 'secevent+jwt',
            issuer: ISSUER,
            audience: RECEIVER.clientId,
          },
        );
        expect(protectedHeader.alg).toBe('ES256');
        expect(payload.jti).toBe(jti);
        expect(payload.sub).toBeUndefined();
        expect(payload.exp).toBeUndefined();
        expect(typeof payload.txn).toBe('string');
        expect(payload.sub_id).toEqual({
          format: 'complex',
          user: { format: 'iss_sub', iss: ISSUER, sub: user.userId },
          session: { format: 'opaque', id: sid },
        });
        expect(Object.keys(payload.events as object)).toEqual([
          SESSION_REVOKED,
        ]);
        expect(
          (payload.events as Record<string, Record<string, unknown>>)[
            SESSION_REVOKED
          ],
        ).toMatchObject({
          initiating_entity: 'user',
          event_timestamp: expect.any(Number),
        });
        // Not acknowledged yet: returned again.
        const again = await poll(id, { returnImmediately: true }).expect(200);
        expect(Object.keys(again.body.sets)).toEqual([jti]);
        // Acknowledged: gone, never returned again.
        const acked = await poll(id, {
          ack: [jti],
          returnImmediately: true,
        }).expect(200);
        expect(acked.body).toEqual({ sets: {}, moreAvailable: false });
        const after = await poll(id, { returnImmediately: true }).expect(200);
        expect(after.body.sets).toEqual({});
      });

      it('signals deactivation (RISC), reactivation, role changes (token-claims-change) and refresh-token reuse', async () => {
        const { stream_id: id } = await create();
        const admin = await adminLogin(f);
        const user = await registerAndLogin(f, 'ssfadmin');
        const patch = (body: Record<string, unknown>) =>
          f.http
            .patch(`/auth/admin/users/${user.userId}`)
            .set(...bearer(admin.accessToken))
            .send(body)
            .expect(200);
        await patch({ roles: ['user', 'auditor'] });
        await patch({ is_active: false });
        await patch({ is_active: true });
        const sets = Object.values(await pollUntil(id, 3)).map((set) =>
          decodeJwt(set),
        );
        const byType = new Map(
          sets.map((c) => [Object.keys(c.events as object)[0]!, c]),
        );
        expect([...byType.keys()].sort()).toEqual(
          [TOKEN_CLAIMS_CHANGE, ACCOUNT_DISABLED, ACCOUNT_ENABLED].sort(),
        );
        for (const claims of sets) {
          expect(claims.sub_id).toEqual({
            format: 'iss_sub',
            iss: ISSUER,
            sub: user.userId,
          });
        }
        const claimsChange = byType.get(TOKEN_CLAIMS_CHANGE)!.events as Record<
          string,
          Record<string, unknown>
        >;
        expect(claimsChange[TOKEN_CLAIMS_CHANGE]).toMatchObject({
          claims: { roles: ['auditor', 'user'] },
          initiating_entity: 'admin',
        });
        await poll(id, {
          ack: sets.map((c) => c.jti as string),
          maxEvents: 0,
        }).expect(200);

        // A replayed refresh token ends its session: session-revoked, by policy.
        const victim = await registerAndLogin(f, 'ssfreuse');
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: victim.refreshToken })
          .expect(200);
        f.clock.advance(60_000);
        await f.http
          .post('/auth/refresh')
          .send({ refresh_token: victim.refreshToken })
          .expect(401);
        const [reuse] = Object.values(await pollUntil(id, 1)).map((set) =>
          decodeJwt(set),
        );
        expect(reuse!.sub_id).toMatchObject({
          format: 'complex',
          session: { id: decodeJwt(victim.accessToken).sid },
        });
        expect(
          (reuse!.events as Record<string, Record<string, unknown>>)[
            SESSION_REVOKED
          ]?.initiating_entity,
        ).toBe('policy');
      });

      it('delivers only the requested types, to every stream separately, and maxEvents pages', async () => {
        const onlyCredentials = await create({
          events_requested: [CREDENTIAL_CHANGE],
        });
        const all = await create();
        const theirs = (
          await streams()
            .set(...bearer(other))
            .send({ events_requested: ALL_EVENTS })
            .expect(201)
        ).body as { stream_id: string };
        const user = await registerAndLogin(f, 'ssfpw');
        await f.http
          .post('/auth/password/change')
          .set(...bearer(user.accessToken))
          .send({
            current_password: user.credentials.password,
            new_password: `${user.credentials.password}-new`,
          })
          .expect(200);
        const mine = await poll(onlyCredentials.stream_id, {
          maxEvents: 10,
        }).expect(200);
        const [set] = Object.values(mine.body.sets) as string[];
        const claims = decodeJwt(set!);
        expect(Object.keys(claims.events as object)).toEqual([
          CREDENTIAL_CHANGE,
        ]);
        expect(
          (claims.events as Record<string, Record<string, unknown>>)[
            CREDENTIAL_CHANGE
          ],
        ).toMatchObject({
          credential_type: 'password',
          change_type: 'update',
        });
        expect(claims.sub_id).toEqual({
          format: 'iss_sub',
          iss: ISSUER,
          sub: user.userId,
        });
        const theirSet = await poll(
          theirs.stream_id,
          { maxEvents: 10 },
          other,
        ).expect(200);
        const [otherSet] = Object.values(theirSet.body.sets) as string[];
        expect(decodeJwt(otherSet!).aud).toBe(OTHER_RECEIVER.clientId);
        expect(decodeJwt(otherSet!).jti).not.toBe(claims.jti);
        // Two logins' logout-all: two SETs on the all-events stream... page by one.
        await f.http
          .post('/auth/logout-all')
          .set(
            ...bearer(
              (
                await f.http
                  .post('/auth/login')
                  .send({
                    username: user.credentials.username,
                    password: `${user.credentials.password}-new`,
                  })
                  .expect(200)
              ).body.access_token,
            ),
          )
          .expect(200);
        // The SETs are queued right after each answer: wait until both are (not acknowledging).
        await pollUntil(all.stream_id, 2);
        const first = await poll(all.stream_id, { maxEvents: 1 }).expect(200);
        expect(Object.keys(first.body.sets)).toHaveLength(1);
        expect(first.body.moreAvailable).toBe(true);
      });
    });

    describe('transmitter configuration (SSF 1.0 §7)', () => {
      it('is served at the root well-known path, naming the endpoints under the issuer', async () => {
        const res = await f.http
          .get('/.well-known/ssf-configuration')
          .expect(200)
          .expect('content-type', /application\/json/);
        expect(res.body).toEqual({
          spec_version: '1_0',
          issuer: ISSUER,
          jwks_uri: `${ISSUER}/auth/.well-known/jwks.json`,
          delivery_methods_supported: ['urn:ietf:rfc:8936'],
          configuration_endpoint: `${ISSUER}/auth/ssf/streams`,
          status_endpoint: `${ISSUER}/auth/ssf/status`,
          verification_endpoint: `${ISSUER}/auth/ssf/verify`,
          authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6749' }],
          default_subjects: 'ALL',
        });
        // The JWKS it names is served.
        await f.http.get('/auth/.well-known/jwks.json').expect(200);
      });

      it('is not served under a path the issuer does not have', async () => {
        await f.http.get('/.well-known/ssf-configuration/tenant').expect(404);
      });
    });
  },
);

describe('SSF transmitter configuration, unavailable', () => {
  const plainIssuer = useFixtureApp({
    options: { clients: [RECEIVER], signing: { algorithm: 'ES256' } },
  });
  const hmac = useFixtureApp({
    options: { issuer: ISSUER, clients: [RECEIVER] },
  });
  const withPath = useFixtureApp({
    options: {
      issuer: `${ISSUER}/tenant-a`,
      clients: [RECEIVER],
      signing: { algorithm: 'EdDSA' },
    },
  });

  it('answers 404 when the issuer is no URL (SETs need an https issuer)', async () => {
    await plainIssuer.http.get('/.well-known/ssf-configuration').expect(404);
  });

  it('answers 404 with HS256 keys (the JWKS could not verify a SET)', async () => {
    await hmac.http.get('/.well-known/ssf-configuration').expect(404);
  });

  it('with HS256 keys the stream routes ask for a token first (401), then do not exist (404)', async () => {
    await hmac.http.get('/auth/ssf/streams').expect(401);
    const token = (
      await hmac.http
        .post('/auth/token')
        .auth(RECEIVER.clientId, RECEIVER.clientSecret)
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200)
    ).body.access_token as string;
    await hmac.http
      .get('/auth/ssf/streams')
      .set('Authorization', `Bearer ${token}`)
      .expect(404);
  });

  it('appends the issuer path to the well-known path (SSF 1.0 §7.2)', async () => {
    await withPath.http.get('/.well-known/ssf-configuration').expect(404);
    const res = await withPath.http
      .get('/.well-known/ssf-configuration/tenant-a')
      .expect(200);
    expect(res.body.issuer).toBe(`${ISSUER}/tenant-a`);
    expect(res.body.configuration_endpoint).toBe(`${ISSUER}/auth/ssf/streams`);
  });
});

describe('SSF transmitter on MongoDB across a restart', () => {
  it('keeps the stream and its unacknowledged SETs: a new instance delivers them', async () => {
    const mongoUri = uniqueMongoUri(inject('mongoUri'), 'ssf-restart');
    const options = {
      issuer: ISSUER,
      clients: [RECEIVER],
      signing: { algorithm: 'ES256' as const },
    };
    const first = await startFixtureApp({ mongoUri, options });
    let jti: string;
    let streamId: string;
    try {
      const token = await clientToken(first, RECEIVER);
      streamId = (
        await first.http
          .post('/auth/ssf/streams')
          .set(...bearer(token))
          .send({ events_requested: [SESSION_REVOKED] })
          .expect(201)
      ).body.stream_id;
      const user = await registerAndLogin(first, 'ssfrestart');
      await first.http
        .post('/auth/logout')
        .set(...bearer(user.accessToken))
        .expect(200);
      // Seen once (long poll), not acknowledged.
      const seen = await first.http
        .post(`/auth/ssf/poll/${streamId}`)
        .set(...bearer(token))
        .send({})
        .expect(200);
      [jti] = Object.keys(seen.body.sets);
      expect(jti).toBeDefined();
    } finally {
      await first.close();
    }
    const second = await startFixtureApp({ mongoUri, options });
    try {
      const token = await clientToken(second, RECEIVER);
      const again = await second.http
        .post(`/auth/ssf/poll/${streamId}`)
        .set(...bearer(token))
        .send({ returnImmediately: true })
        .expect(200);
      expect(Object.keys(again.body.sets)).toEqual([jti!]);
      await second.http
        .post(`/auth/ssf/poll/${streamId}`)
        .set(...bearer(token))
        .send({ ack: [jti!], maxEvents: 0 })
        .expect(200);
      const after = await second.http
        .post(`/auth/ssf/poll/${streamId}`)
        .set(...bearer(token))
        .send({ returnImmediately: true })
        .expect(200);
      expect(after.body).toEqual({ sets: {}, moreAvailable: false });
    } finally {
      await second.app
        .get<{ dropDatabase(): Promise<unknown> }>(getConnectionToken())
        .dropDatabase();
      await second.close();
    }
  });
});
