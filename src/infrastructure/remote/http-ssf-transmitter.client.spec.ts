import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  sendJson,
  startHttpStub,
  type HttpStub,
  type StubRequest,
} from '../../../test/support/http-stub.js';
import { SsfTransmitterUnavailableError } from '../../domain/ports/ssf-transmitter-client.js';
import { ManualClock } from '../clock/manual.clock.js';
import {
  HttpSsfTransmitterClient,
  POLL_DELIVERY_METHOD,
  RECEIVER_STREAM_DESCRIPTION,
} from './http-ssf-transmitter.client.js';

const CLIENT_ID = 'orders service';
const CLIENT_SECRET = 'orders-secret+0123456789abcdef-0123456789';
const EVENTS = ['urn:example:a', 'urn:example:b'];
const POLL = { ack: ['j0'], setErrs: {}, maxEvents: 10 };

/** A transmitter whose every answer a test can change. */
interface Transmitter {
  streams: Array<Record<string, unknown>>;
  tokens: number;
  /** Overrides, by `METHOD path`: [status, body]. */
  answers: Map<string, [number, unknown]>;
}

describe('HttpSsfTransmitterClient', () => {
  let stub: HttpStub;
  let t: Transmitter;
  let clock: ManualClock;
  let client: HttpSsfTransmitterClient;
  const calls = (method: string, path: string): StubRequest[] =>
    stub.requests.filter((r) => r.method === method && r.path === path);

  beforeEach(async () => {
    t = { streams: [], tokens: 0, answers: new Map() };
    stub = await startHttpStub((request, response) => {
      const key = `${request.method} ${request.path}`;
      const override = t.answers.get(key);
      if (override !== undefined)
        return sendJson(response, override[0], override[1]);
      const issuer = stub.origin;
      switch (key) {
        case 'GET /.well-known/oauth-authorization-server':
          return sendJson(response, 200, {
            issuer,
            token_endpoint: `${issuer}/auth/token`,
          });
        case 'GET /.well-known/ssf-configuration':
          return sendJson(response, 200, {
            issuer,
            delivery_methods_supported: [POLL_DELIVERY_METHOD],
            configuration_endpoint: `${issuer}/auth/ssf/streams`,
          });
        case 'POST /auth/token':
          t.tokens += 1;
          return sendJson(response, 200, {
            access_token: `token-${t.tokens}`,
            token_type: 'Bearer',
            expires_in: 900,
          });
        case 'GET /auth/ssf/streams':
          return sendJson(response, 200, t.streams);
        case 'POST /auth/ssf/streams': {
          const body = JSON.parse(request.body) as Record<string, unknown>;
          const stream = {
            stream_id: `s${t.streams.length + 1}`,
            delivery: {
              method: POLL_DELIVERY_METHOD,
              endpoint_url: `${issuer}/auth/ssf/poll/s${t.streams.length + 1}`,
            },
            events_requested: body.events_requested,
            description: body.description,
          };
          t.streams.push(stream);
          return sendJson(response, 201, stream);
        }
        default:
          if (
            request.method === 'POST' &&
            t.streams.some(
              (stream) =>
                request.path === `/auth/ssf/poll/${String(stream.stream_id)}`,
            )
          )
            return sendJson(response, 200, {
              sets: { j1: 'a.b.c' },
              moreAvailable: false,
            });
          return sendJson(response, 404, {});
      }
    });
    clock = new ManualClock(new Date());
    client = new HttpSsfTransmitterClient(
      {
        issuer: stub.origin,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        eventsRequested: EVENTS,
        timeoutMs: 1000,
      },
      clock,
    );
  });

  afterEach(async () => {
    await stub.close();
  });

  it('discovers, obtains a token, creates its poll stream and polls it', async () => {
    await expect(client.poll(POLL)).resolves.toEqual({
      sets: { j1: 'a.b.c' },
      moreAvailable: false,
    });

    const [token] = calls('POST', '/auth/token');
    // RFC 6749 §2.3.1: form-encoded id and secret, then Basic.
    expect(token!.headers.authorization).toBe(
      `Basic ${Buffer.from('orders+service:orders-secret%2B0123456789abcdef-0123456789').toString('base64')}`,
    );
    expect(new URLSearchParams(token!.body).get('grant_type')).toBe(
      'client_credentials',
    );
    expect(new URLSearchParams(token!.body).get('scope')).toBe('ssf.manage');
    expect(JSON.parse(calls('POST', '/auth/ssf/streams')[0]!.body)).toEqual({
      delivery: { method: POLL_DELIVERY_METHOD },
      events_requested: EVENTS,
      description: RECEIVER_STREAM_DESCRIPTION,
    });
    const [poll] = calls('POST', '/auth/ssf/poll/s1');
    expect(poll!.headers.authorization).toBe('Bearer token-1');
    expect(JSON.parse(poll!.body)).toEqual({
      ack: ['j0'],
      maxEvents: 10,
      returnImmediately: true,
    });
  });

  it('reuses the stream it described as its own, and the token until it is due', async () => {
    t.streams.push(
      {
        stream_id: 'other',
        delivery: { method: POLL_DELIVERY_METHOD, endpoint_url: 'x' },
        events_requested: EVENTS,
        description: 'someone else',
      },
      {
        stream_id: 's2',
        delivery: {
          method: POLL_DELIVERY_METHOD,
          endpoint_url: `${stub.origin}/auth/ssf/poll/s2`,
        },
        events_requested: [...EVENTS].reverse(),
        description: RECEIVER_STREAM_DESCRIPTION,
      },
    );

    await client.poll(POLL);
    await client.poll(POLL);

    expect(calls('POST', '/auth/ssf/streams')).toHaveLength(0);
    expect(calls('POST', '/auth/ssf/poll/s2')).toHaveLength(2);
    expect(t.tokens).toBe(1);
    clock.advanceSeconds(900);
    await client.poll(POLL);
    expect(t.tokens).toBe(2);
  });

  it('renews the token on a 401 and re-subscribes on a 404, once each', async () => {
    await client.poll(POLL);
    t.answers.set('POST /auth/ssf/poll/s1', [401, {}]);
    await expect(client.poll(POLL)).rejects.toThrow(
      SsfTransmitterUnavailableError,
    );
    expect(t.tokens).toBe(2);

    // The transmitter forgets the stream: the poll URL answers 404.
    t.answers.delete('POST /auth/ssf/poll/s1');
    t.streams = [{ stream_id: 'gone' }];
    await expect(client.poll(POLL)).resolves.toMatchObject({
      sets: { j1: 'a.b.c' },
    });
    expect(calls('POST', '/auth/ssf/streams')).toHaveLength(2);
    expect(calls('POST', '/auth/ssf/poll/s2')).toHaveLength(1);
  });

  it.each([
    [
      'metadata naming another issuer',
      'GET /.well-known/oauth-authorization-server',
      () => ({ issuer: 'https://evil.test', token_endpoint: 'x' }),
      'names another issuer',
    ],
    [
      'a token endpoint off the issuer origin',
      'GET /.well-known/oauth-authorization-server',
      () => ({
        issuer: stub.origin,
        token_endpoint: 'https://evil.test/token',
      }),
      "token_endpoint is not on the issuer's origin",
    ],
    [
      'a poll URL off the issuer origin',
      'POST /auth/ssf/streams',
      () => ({
        stream_id: 's1',
        delivery: {
          method: POLL_DELIVERY_METHOD,
          endpoint_url: 'https://evil.test/poll',
        },
      }),
      "endpoint_url is not on the issuer's origin",
    ],
  ])('sends no credential to %s', async (_name, route, body, reason) => {
    t.answers.set(route, [route.startsWith('POST') ? 201 : 200, body()]);

    await expect(client.poll(POLL)).rejects.toThrow(reason);
  });

  it('names the client, never its secret, when the token endpoint refuses it', async () => {
    t.answers.set('POST /auth/token', [401, { error: 'invalid_client' }]);

    const error = await client.poll(POLL).then(
      () => null,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(SsfTransmitterUnavailableError);
    expect((error as Error).message).toContain(CLIENT_ID);
    expect((error as Error).message).not.toContain(CLIENT_SECRET);
  });

  it('is unavailable when the transmitter is down', async () => {
    await stub.close();

    await expect(client.poll(POLL)).rejects.toThrow(
      SsfTransmitterUnavailableError,
    );
  });
});
