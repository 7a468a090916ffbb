// Issue 15: the OAuth 2.0 surface over HTTP, on both adapters and both stores: RFC 8414 metadata,
// the token endpoint (refresh and client-credentials grants, RFC 6749 §5 errors), RFC 7009
// revocation, client authentication (basic, post, none) on all three client-authenticated routes,
// and the RFC 9068 claims of the tokens.
import { decodeJwt } from 'jose';
import type { Response } from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  startFixtureApp,
  useFixtureApp,
} from '../support/fixture-app.js';
import { expectError } from '../support/http-assertions.js';

const ISSUER = 'http://127.0.0.1:4000';
const REPORTS = {
  clientId: 'reports',
  clientSecret: 'reports-secret-0123456789abcdef-0123456789',
  scopes: ['reports:read', 'reports:write'],
};
const FIRST_PARTY = 'web-app';

/** Asserts an RFC 6749 §5.2 error: status, `error`, only `error` and `error_description`. */
function expectOAuthError(res: Response, status: number, error: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error).toBe(error);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
  expect(res.headers['cache-control']).toBe('no-store');
  if (status === 401) {
    expect(res.headers['www-authenticate']).toBe('Basic realm="tokenward"');
  }
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe.each(ADAPTERS_AND_STORES)(
  'OAuth 2.0 endpoints (%s, %s storage)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: {
        issuer: ISSUER,
        clients: [REPORTS],
        firstPartyClientId: FIRST_PARTY,
      },
    });
    const token = (form: Record<string, string>) =>
      f.http.post('/auth/token').type('form').send(form);

    describe('RFC 8414 metadata', () => {
      it('is served at the root well-known path, naming the endpoints under the issuer', async () => {
        const res = await f.http
          .get('/.well-known/oauth-authorization-server')
          .expect(200);
        expect(res.body).toEqual({
          issuer: ISSUER,
          token_endpoint: `${ISSUER}/auth/token`,
          revocation_endpoint: `${ISSUER}/auth/revoke`,
          introspection_endpoint: `${ISSUER}/auth/introspect`,
          jwks_uri: `${ISSUER}/auth/.well-known/jwks.json`,
          response_types_supported: [],
          grant_types_supported: ['refresh_token', 'client_credentials'],
          token_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'none',
          ],
          revocation_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'none',
          ],
          introspection_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
          ],
          scopes_supported: ['reports:read', 'reports:write'],
        });
      });

      it('has no path-suffixed form for an issuer without a path', async () => {
        await f.http
          .get('/.well-known/oauth-authorization-server/auth')
          .expect(404);
      });
    });

    describe('refresh_token grant', () => {
      it('rotates like /auth/refresh for the public first-party client, with RFC 9068 claims', async () => {
        const s = await registerAndLogin(f);
        expect(decodeJwt(s.accessToken)).toMatchObject({
          client_id: FIRST_PARTY,
          iss: ISSUER,
        });
        const res = await token({
          grant_type: 'refresh_token',
          refresh_token: s.refreshToken,
          client_id: FIRST_PARTY,
        }).expect(200);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(Object.keys(res.body).sort()).toEqual([
          'access_token',
          'expires_in',
          'refresh_token',
          'token_type',
        ]);
        expect(res.body.refresh_token).not.toBe(s.refreshToken);
        await f.http
          .get('/hello')
          .set(...bearer(res.body.access_token))
          .expect(200);
        // The spent token again, after the reuse interval: reuse detection ends the session.
        f.clock.advance(60_000);
        const replay = await token({
          grant_type: 'refresh_token',
          refresh_token: s.refreshToken,
          client_id: FIRST_PARTY,
        });
        expectOAuthError(replay, 400, 'invalid_grant');
        const next = await token({
          grant_type: 'refresh_token',
          refresh_token: res.body.refresh_token,
          client_id: FIRST_PARTY,
        });
        expectOAuthError(next, 400, 'invalid_grant');
      });

      it('answers an unknown refresh token invalid_grant, a missing one invalid_request', async () => {
        expectOAuthError(
          await token({
            grant_type: 'refresh_token',
            refresh_token: 'not-a-token',
            client_id: FIRST_PARTY,
          }),
          400,
          'invalid_grant',
        );
        expectOAuthError(
          await token({ grant_type: 'refresh_token', client_id: FIRST_PARTY }),
          400,
          'invalid_request',
        );
      });

      it('refuses a refresh token to a confidential client without spending it', async () => {
        const s = await registerAndLogin(f);
        const res = await token({
          grant_type: 'refresh_token',
          refresh_token: s.refreshToken,
        }).set('Authorization', basic(REPORTS.clientId, REPORTS.clientSecret));
        expectOAuthError(res, 400, 'invalid_grant');
        await token({
          grant_type: 'refresh_token',
          refresh_token: s.refreshToken,
          client_id: FIRST_PARTY,
        }).expect(200);
      });

      it('answers 401 invalid_client without a client, or with an unknown public client id', async () => {
        const s = await registerAndLogin(f);
        for (const extra of [{}, { client_id: 'someone-else' }] as Array<
          Record<string, string>
        >) {
          const res = await token({
            grant_type: 'refresh_token',
            refresh_token: s.refreshToken,
            ...extra,
          });
          expectOAuthError(res, 401, 'invalid_client');
        }
      });
    });

    describe('client_credentials grant', () => {
      it('gives a confidential client an access token with its scopes and no refresh token (basic and post)', async () => {
        const viaBasic = await token({ grant_type: 'client_credentials' })
          .set('Authorization', basic(REPORTS.clientId, REPORTS.clientSecret))
          .expect(200);
        expect(viaBasic.body).toEqual({
          access_token: expect.any(String),
          token_type: 'Bearer',
          expires_in: 900,
          scope: 'reports:read reports:write',
        });
        expect(decodeJwt(viaBasic.body.access_token)).toMatchObject({
          sub: REPORTS.clientId,
          client_id: REPORTS.clientId,
          scope: 'reports:read reports:write',
          iss: ISSUER,
        });
        const viaPost = await token({
          grant_type: 'client_credentials',
          client_id: REPORTS.clientId,
          client_secret: REPORTS.clientSecret,
          scope: 'reports:read',
        }).expect(200);
        expect(viaPost.body.scope).toBe('reports:read');
      });

      it('is no user token: user routes and introspection refuse it', async () => {
        const res = await token({ grant_type: 'client_credentials' })
          .set('Authorization', basic(REPORTS.clientId, REPORTS.clientSecret))
          .expect(200);
        await f.http
          .get('/hello')
          .set(...bearer(res.body.access_token))
          .expect(401);
        const introspected = await f.http
          .post('/auth/introspect')
          .auth(REPORTS.clientId, REPORTS.clientSecret)
          .type('form')
          .send({ token: res.body.access_token })
          .expect(200);
        expect(introspected.body).toEqual({ active: false });
      });

      it('refuses a scope beyond the client’s, a client without scopes, and the public client', async () => {
        expectOAuthError(
          await token({
            grant_type: 'client_credentials',
            scope: 'reports:read admin',
          }).set(
            'Authorization',
            basic(REPORTS.clientId, REPORTS.clientSecret),
          ),
          400,
          'invalid_scope',
        );
        expectOAuthError(
          await token({ grant_type: 'client_credentials' }).set(
            'Authorization',
            basic(
              INTROSPECTION_CLIENT.clientId,
              INTROSPECTION_CLIENT.clientSecret,
            ),
          ),
          400,
          'unauthorized_client',
        );
        expectOAuthError(
          await token({
            grant_type: 'client_credentials',
            client_id: FIRST_PARTY,
          }),
          400,
          'unauthorized_client',
        );
      });

      it('answers a wrong secret 401 invalid_client, basic or post', async () => {
        expectOAuthError(
          await token({ grant_type: 'client_credentials' }).set(
            'Authorization',
            basic(REPORTS.clientId, `${REPORTS.clientSecret}x`),
          ),
          401,
          'invalid_client',
        );
        expectOAuthError(
          await token({
            grant_type: 'client_credentials',
            client_id: REPORTS.clientId,
            client_secret: 'wrong',
          }),
          401,
          'invalid_client',
        );
      });
    });

    it('answers other grant types unsupported_grant_type (no password grant), and bad requests invalid_request', async () => {
      for (const grant of ['password', 'authorization_code', 'x']) {
        expectOAuthError(
          await token({ grant_type: grant, client_id: FIRST_PARTY }),
          400,
          'unsupported_grant_type',
        );
      }
      expectOAuthError(
        await token({ client_id: FIRST_PARTY }),
        400,
        'invalid_request',
      );
      expectOAuthError(
        await token({
          grant_type: 'client_credentials',
          client_id: REPORTS.clientId,
          client_secret: REPORTS.clientSecret,
        }).set('Authorization', basic(REPORTS.clientId, REPORTS.clientSecret)),
        400,
        'invalid_request',
      );
    });

    describe('RFC 7009 revocation', () => {
      const revoke = (form: Record<string, string>) =>
        f.http.post('/auth/revoke').type('form').send(form);

      it('ends the session of a refresh token: both of its tokens stop working', async () => {
        const s = await registerAndLogin(f);
        const res = await revoke({
          token: s.refreshToken,
          token_type_hint: 'refresh_token',
          client_id: FIRST_PARTY,
        }).expect(200);
        expect(res.text).toBe('');
        await f.http
          .get('/hello')
          .set(...bearer(s.accessToken))
          .expect(401);
        expectOAuthError(
          await token({
            grant_type: 'refresh_token',
            refresh_token: s.refreshToken,
            client_id: FIRST_PARTY,
          }),
          400,
          'invalid_grant',
        );
      });

      it('ends the session of an access token, with or without a hint', async () => {
        for (const hint of [{ token_type_hint: 'access_token' }, {}] as Array<
          Record<string, string>
        >) {
          const s = await registerAndLogin(f);
          await revoke({
            token: s.accessToken,
            client_id: FIRST_PARTY,
            ...hint,
          }).expect(200);
          await f.http
            .get('/hello')
            .set(...bearer(s.accessToken))
            .expect(401);
          await f.http
            .post('/auth/refresh')
            .send({ refresh_token: s.refreshToken })
            .expect(401);
        }
      });

      it('answers 200 for unknown and already revoked tokens', async () => {
        await revoke({
          token: 'nothing-like-a-token',
          client_id: FIRST_PARTY,
        }).expect(200);
        const s = await registerAndLogin(f);
        await revoke({ token: s.refreshToken, client_id: FIRST_PARTY }).expect(
          200,
        );
        await revoke({ token: s.refreshToken, client_id: FIRST_PARTY }).expect(
          200,
        );
      });

      it('refuses another client’s token to a confidential client, and any call without a client', async () => {
        const s = await registerAndLogin(f);
        expectOAuthError(
          await revoke({ token: s.refreshToken }).set(
            'Authorization',
            basic(REPORTS.clientId, REPORTS.clientSecret),
          ),
          400,
          'unauthorized_client',
        );
        expectOAuthError(
          await revoke({ token: s.refreshToken }),
          401,
          'invalid_client',
        );
        await f.http
          .get('/hello')
          .set(...bearer(s.accessToken))
          .expect(200);
      });
    });

    describe('introspection client authentication', () => {
      it('accepts client_secret_post as well as client_secret_basic, for either kind of client', async () => {
        const s = await registerAndLogin(f);
        for (const client of [INTROSPECTION_CLIENT, REPORTS]) {
          const posted = await f.http
            .post('/auth/introspect')
            .type('form')
            .send({
              token: s.accessToken,
              client_id: client.clientId,
              client_secret: client.clientSecret,
            })
            .expect(200);
          expect(posted.body).toMatchObject({ active: true, sub: s.userId });
          const viaBasic = await f.http
            .post('/auth/introspect')
            .auth(client.clientId, client.clientSecret)
            .send({ token: s.accessToken })
            .expect(200);
          expect(viaBasic.body.active).toBe(true);
        }
      });

      it('refuses the public client (no secret) and a wrong posted secret with 401 invalid_client', async () => {
        const s = await registerAndLogin(f);
        for (const body of [
          { client_id: FIRST_PARTY },
          { client_id: REPORTS.clientId, client_secret: 'wrong' },
        ]) {
          const res = await f.http
            .post('/auth/introspect')
            .send({ token: s.accessToken, ...body });
          expectError(res, 401, 'invalid_client');
        }
      });
    });
  },
);

describe('RFC 8414 metadata for other issuers', () => {
  it('serves the path-suffixed form for an issuer with a path, and only that form', async () => {
    const app = await startFixtureApp({
      options: { issuer: 'https://auth.example.test/tenant-a' },
    });
    try {
      const res = await app.http
        .get('/.well-known/oauth-authorization-server/tenant-a')
        .expect(200);
      expect(res.body).toMatchObject({
        issuer: 'https://auth.example.test/tenant-a',
        token_endpoint: 'https://auth.example.test/auth/token',
      });
      await app.http.get('/.well-known/oauth-authorization-server').expect(404);
      await app.http
        .get('/.well-known/oauth-authorization-server/tenant-b')
        .expect(404);
    } finally {
      await app.close();
    }
  });

  it('answers 404 for a plain-name issuer (the `tokenward` default), whose tokens still work', async () => {
    const app = await startFixtureApp();
    try {
      const res = await app.http.get('/.well-known/oauth-authorization-server');
      expectError(res, 404, 'not_found');
      const s = await registerAndLogin(app);
      expect(decodeJwt(s.accessToken)).toMatchObject({
        iss: 'tokenward',
        client_id: 'tokenward',
      });
    } finally {
      await app.close();
    }
  });
});

describe.each(['express', 'fastify'] as const)(
  'OAuth errors before the route (%s, globalErrorFilter)',
  (adapter) => {
    const f = useFixtureApp({ adapter, globalErrorFilter: true });

    it('a body the parser refuses is an RFC 6749 invalid_request on the OAuth routes, Tokenward’s format elsewhere', async () => {
      for (const path of ['/auth/token', '/auth/revoke']) {
        const res = await f.http
          .post(path)
          .set('Content-Type', 'application/json')
          .send('{"grant_type":');
        expectOAuthError(res, 400, 'invalid_request');
      }
      const refresh = await f.http
        .post('/auth/refresh')
        .set('Content-Type', 'application/json')
        .send('{"refresh_token":');
      expectError(refresh, 400, 'validation_failed');
    });
  },
);

describe.each(['express', 'fastify'] as const)(
  'the client lockout on the OAuth routes (%s)',
  (adapter) => {
    const f = useFixtureApp({
      adapter,
      options: {
        clients: [REPORTS],
        introspectionLockout: { maxFailuresPerSource: 3 },
      },
    });

    it('failed client authentications on /auth/token and /auth/revoke count with introspection’s: past the limit, 429 even with the right secret', async () => {
      const wrong = basic(REPORTS.clientId, `${REPORTS.clientSecret}-wrong`);
      expectOAuthError(
        await f.http
          .post('/auth/token')
          .type('form')
          .set('Authorization', wrong)
          .send({ grant_type: 'client_credentials' }),
        401,
        'invalid_client',
      );
      expectOAuthError(
        await f.http
          .post('/auth/revoke')
          .type('form')
          .set('Authorization', wrong)
          .send({ token: 'x' }),
        401,
        'invalid_client',
      );
      expectError(
        await f.http
          .post('/auth/introspect')
          .set('Authorization', wrong)
          .send({ token: 'x' }),
        401,
        'invalid_client',
      );
      const locked = await f.http
        .post('/auth/token')
        .type('form')
        .set('Authorization', basic(REPORTS.clientId, REPORTS.clientSecret))
        .send({ grant_type: 'client_credentials' });
      expectOAuthError(locked, 429, 'too_many_attempts');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    });
  },
);
