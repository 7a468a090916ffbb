// Issue 4, "Endpoints": how introspection compares client credentials. `timingSafeEqual` is
// observed through a pass-through mock of node:crypto (this file only), to show that every
// configured client is compared, id and secret alike, on equal-length digests, whatever the input.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  registerAndLogin,
  useFixtureApp,
  INTROSPECTION_CLIENT,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';

const { timingSafeEqual } = vi.hoisted(() => ({ timingSafeEqual: vi.fn() }));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  timingSafeEqual.mockImplementation(actual.timingSafeEqual);
  return { ...actual, timingSafeEqual };
});

const ADAPTERS = ['express', 'fastify'] as const;
const SPECIAL = {
  clientId: 'reports.v2',
  clientSecret: 'p@ss:w/rd+%-0123456789abcdef-0123456789',
};
const CLIENTS = [
  INTROSPECTION_CLIENT,
  {
    clientId: 'audit',
    clientSecret: 'audit-secret-0123456789abcdef-0123456789',
  },
  SPECIAL,
];

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe.each(ADAPTERS)(
  'security: introspection client authentication (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: { introspectionClients: CLIENTS },
    });
    const { clientId, clientSecret } = INTROSPECTION_CLIENT;

    beforeEach(() => {
      timingSafeEqual.mockClear();
    });

    const introspect = (authorization: string, token: string) =>
      f.http
        .post('/auth/introspect')
        .set('Authorization', authorization)
        .send({ token });

    it.each([
      ['the last character changed', `${clientSecret.slice(0, -1)}X`],
      ['a prefix of the secret', clientSecret.slice(0, 8)],
      ['the secret plus one character', `${clientSecret}x`],
      ['the secret in upper case', clientSecret.toUpperCase()],
      ['a 500-character secret', 'x'.repeat(500)],
      ['another client’s secret', CLIENTS[1]!.clientSecret],
    ])(
      '401 invalid_client for %s, after comparing every client’s id and secret digest',
      async (_name, secret) => {
        const s = await registerAndLogin(f);
        timingSafeEqual.mockClear();

        const res = await introspect(basic(clientId, secret), s.accessToken);

        expectUnauthorized(res, 'invalid_client', 'Basic');
        expect(timingSafeEqual).toHaveBeenCalledTimes(CLIENTS.length * 2);
        for (const [a, b] of timingSafeEqual.mock.calls as [Buffer, Buffer][]) {
          expect(a.length).toBe(32);
          expect(b.length).toBe(32);
        }
      },
    );

    it('the right credentials go through the very same comparisons (no short-circuit on a match)', async () => {
      const s = await registerAndLogin(f);
      // The token's own HS256 signature check compares in constant time too: have it verified
      // (and remembered) first, so only the client comparisons are counted below.
      await f.http
        .get('/auth/me')
        .set('Authorization', `Bearer ${s.accessToken}`)
        .expect(200);
      timingSafeEqual.mockClear();

      const res = await introspect(
        basic(clientId, clientSecret),
        s.accessToken,
      );

      expect(res.status).toBe(200);
      expect(res.body.active).toBe(true);
      expect(timingSafeEqual).toHaveBeenCalledTimes(CLIENTS.length * 2);
    });

    it('an unknown client id is compared against every client too', async () => {
      const s = await registerAndLogin(f);
      timingSafeEqual.mockClear();

      const res = await introspect(
        basic('nobody', clientSecret),
        s.accessToken,
      );

      expectUnauthorized(res, 'invalid_client', 'Basic');
      expect(timingSafeEqual).toHaveBeenCalledTimes(CLIENTS.length * 2);
    });

    it('credentials are form-urlencoded before Basic encoding (RFC 6749 §2.3.1)', async () => {
      const s = await registerAndLogin(f);

      const encoded = await introspect(
        basic(
          encodeURIComponent(SPECIAL.clientId),
          encodeURIComponent(SPECIAL.clientSecret),
        ),
        s.accessToken,
      );
      expect(encoded.status).toBe(200);
      expect(encoded.body.active).toBe(true);

      // Unencoded, the "%" is not valid form encoding: refused, not a 500.
      expectUnauthorized(
        await introspect(
          basic(SPECIAL.clientId, SPECIAL.clientSecret),
          s.accessToken,
        ),
        'invalid_client',
        'Basic',
      );
    });

    it.each([
      ['a Basic header over 1 KiB', `Basic ${'QUFB'.repeat(400)}`],
      [
        'base64 of non-UTF-8 bytes',
        `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0xff]).toString('base64')}`,
      ],
      ['characters outside base64', 'Basic ***'],
      ['an empty client id', basic('', clientSecret)],
      [
        'lower-case scheme with the right credentials but a wrong secret',
        `basic ${Buffer.from(`${clientId}:nope`).toString('base64')}`,
      ],
    ])('401 invalid_client, never a 5xx, for %s', async (_name, header) => {
      const s = await registerAndLogin(f);

      expectUnauthorized(
        await introspect(header, s.accessToken),
        'invalid_client',
        'Basic',
      );
    });
  },
);
