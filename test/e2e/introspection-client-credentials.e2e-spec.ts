// Issue 11 item 7: `client_secret_basic` credentials are application/x-www-form-urlencoded before
// the Basic encoding (RFC 6749 §2.3.1, Appendix B), so a "+" is a space. The auth app's guard
// decodes them that way, and the resource server's introspection client encodes them that way:
// a client secret with spaces, "+", "%" and ":" goes through both, on both adapters (client ids
// are limited to letters, digits, ".", "_" and "-").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
} from '../support/fixture-app.js';
import { expectUnauthorized } from '../support/http-assertions.js';
import {
  originOf,
  startResourceApp,
  type ResourceApp,
} from '../support/resource-app.js';

const SPACED = {
  clientId: 'ops.team',
  clientSecret: 'pass phrase + plus % : 0123456789abcdef',
};

const basic = (encodedId: string, encodedSecret: string) =>
  `Basic ${Buffer.from(`${encodedId}:${encodedSecret}`, 'utf8').toString('base64')}`;
/** The form serializer: a space becomes "+", "+" becomes %2B. */
const formEncoded = (value: string) =>
  new URLSearchParams([['', value]]).toString().slice(1);

describe.each<AdapterName>(['express', 'fastify'])(
  'introspection client credentials are form-urlencoded (%s)',
  (adapter) => {
    let auth: FixtureApp;
    let resource: ResourceApp;

    beforeAll(async () => {
      auth = await startFixtureApp({
        adapter,
        realClock: true,
        options: { introspectionClients: [INTROSPECTION_CLIENT, SPACED] },
      });
      await auth.app.listen(0, '127.0.0.1');
      resource = await startResourceApp(adapter, {
        issuer: 'tokenward',
        audience: 'tokenward',
        verification: {
          mode: 'introspection',
          introspectionUrl: `${originOf(auth.app)}/auth/introspect`,
          clientId: SPACED.clientId,
          clientSecret: SPACED.clientSecret,
          cacheTtlMs: 0,
          timeoutMs: 1000,
        },
      });
    });

    afterAll(async () => {
      await resource?.close();
      await auth?.close();
    });

    const introspect = (authorization: string, token: string) =>
      auth.http
        .post('/auth/introspect')
        .set('Authorization', authorization)
        .send({ token });

    it('the guard reads "+" as a space and %2B as "+"', async () => {
      const s = await registerAndLogin(auth);
      const encoded = basic(
        formEncoded(SPACED.clientId),
        formEncoded(SPACED.clientSecret),
      );
      expect(encoded).not.toBe(
        basic(
          encodeURIComponent(SPACED.clientId),
          encodeURIComponent(SPACED.clientSecret),
        ),
      );

      const res = await introspect(encoded, s.accessToken);

      expect(res.status).toBe(200);
      expect(res.body.active).toBe(true);
    });

    it('a space sent as %20 is a space too', async () => {
      const s = await registerAndLogin(auth);

      const res = await introspect(
        basic(
          encodeURIComponent(SPACED.clientId),
          encodeURIComponent(SPACED.clientSecret),
        ),
        s.accessToken,
      );

      expect(res.status).toBe(200);
      expect(res.body.active).toBe(true);
    });

    it('a "+" sent unescaped is a space, so it does not stand for the "+" of the secret', async () => {
      const s = await registerAndLogin(auth);
      const unescapedPlus = formEncoded(SPACED.clientSecret).replace(
        '%2B',
        '+',
      );

      expectUnauthorized(
        await introspect(
          basic(formEncoded(SPACED.clientId), unescapedPlus),
          s.accessToken,
        ),
        'invalid_client',
        'Basic',
      );
    });

    it('the resource server’s introspection client sends them so that the auth app accepts them', async () => {
      const s = await registerAndLogin(auth);

      const res = await resource.http
        .get('/orders')
        .set(...bearer(s.accessToken));

      expect(res.status).toBe(200);
      expect(res.body.user_id).toBe(s.userId);
    });
  },
);
