// Issue 15 item 6: standard client libraries talk to Tokenward as they would to any OAuth 2.0
// authorization server: oauth4webapi and openid-client discover it (RFC 8414), redeem refresh
// tokens and get client-credentials tokens at the token endpoint, introspect (client_secret_basic
// and client_secret_post) and revoke, and oauth4webapi's RFC 9068 validation and jose accept the
// access tokens through the JWKS. Real HTTP on 127.0.0.1 (hence allowInsecureRequests), both
// adapters, both stores.
import { createServer } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADAPTERS_AND_STORES,
  bearer,
  INTROSPECTION_CLIENT,
  registerAndLogin,
  startFixtureApp,
  type FixtureApp,
} from '../support/fixture-app.js';

const FIRST_PARTY = 'web-app';
const REPORTS = {
  clientId: 'reports',
  clientSecret: 'reports-secret-0123456789abcdef-0123456789',
  scopes: ['reports:read', 'reports:write'],
};
const insecure = { [oauth.allowInsecureRequests]: true } as const;

/** A port free right now on 127.0.0.1: the issuer has to name it before the app starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(ADAPTERS_AND_STORES)(
  'standard OAuth client libraries against Tokenward (%s, %s storage)',
  (adapter, storage) => {
    let f: FixtureApp;
    let issuer: URL;
    let as: oauth.AuthorizationServer;

    beforeAll(async () => {
      const port = await freePort();
      issuer = new URL(`http://127.0.0.1:${port}`);
      f = await startFixtureApp({
        adapter,
        storage,
        // Wall clock: the libraries check iat/exp against it.
        realClock: true,
        options: {
          issuer: issuer.origin,
          clients: [REPORTS],
          firstPartyClientId: FIRST_PARTY,
          // RFC 9068 validation needs a key published in the JWKS.
          signing: { algorithm: 'EdDSA' },
          refreshReuseIntervalSeconds: 0,
        },
      });
      await f.app.listen(port, '127.0.0.1');
      as = await oauth.processDiscoveryResponse(
        issuer,
        await oauth.discoveryRequest(issuer, {
          algorithm: 'oauth2',
          ...insecure,
        }),
      );
    });

    afterAll(async () => {
      await f?.close();
    });

    describe('oauth4webapi', () => {
      const publicClient: oauth.Client = { client_id: FIRST_PARTY };
      const reports: oauth.Client = { client_id: REPORTS.clientId };

      it('discovers the endpoints (RFC 8414)', () => {
        expect(as.issuer).toBe(issuer.origin);
        expect(as.token_endpoint).toBe(`${issuer.origin}/auth/token`);
        expect(as.revocation_endpoint).toBe(`${issuer.origin}/auth/revoke`);
        expect(as.introspection_endpoint).toBe(
          `${issuer.origin}/auth/introspect`,
        );
        expect(as.jwks_uri).toBe(`${issuer.origin}/auth/.well-known/jwks.json`);
      });

      it('redeems a refresh token as the public client; the new access token passes RFC 9068 validation', async () => {
        const s = await registerAndLogin(f);
        const tokens = await oauth.processRefreshTokenResponse(
          as,
          publicClient,
          await oauth.refreshTokenGrantRequest(
            as,
            publicClient,
            oauth.None(),
            s.refreshToken,
            insecure,
          ),
        );
        expect(tokens.token_type).toBe('bearer');
        expect(tokens.refresh_token).toEqual(expect.any(String));
        const claims = await oauth.validateJwtAccessToken(
          as,
          new Request('http://127.0.0.1/resource', {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          }),
          'tokenward',
          insecure,
        );
        expect(claims).toMatchObject({
          client_id: FIRST_PARTY,
          sub: s.userId,
          iss: issuer.origin,
        });
        await f.http
          .get('/hello')
          .set(...bearer(tokens.access_token))
          .expect(200);
      });

      it('sees invalid_grant for a spent refresh token (and the session ends: reuse detection)', async () => {
        const s = await registerAndLogin(f);
        const grant = () =>
          oauth.refreshTokenGrantRequest(
            as,
            publicClient,
            oauth.None(),
            s.refreshToken,
            insecure,
          );
        const first = await oauth.processRefreshTokenResponse(
          as,
          publicClient,
          await grant(),
        );
        const replay = await oauth
          .processRefreshTokenResponse(as, publicClient, await grant())
          .catch((error: unknown) => error);
        expect(replay).toBeInstanceOf(oauth.ResponseBodyError);
        expect((replay as oauth.ResponseBodyError).error).toBe('invalid_grant');
        expect((replay as oauth.ResponseBodyError).status).toBe(400);
        await f.http
          .get('/hello')
          .set(...bearer(first.access_token))
          .expect(401);
      });

      it('sees invalid_client (401 with a Basic challenge) for a wrong secret', async () => {
        const response = await oauth.clientCredentialsGrantRequest(
          as,
          reports,
          oauth.ClientSecretBasic('not-the-secret-0123456789abcdef-0123456789'),
          new URLSearchParams(),
          insecure,
        );
        expect(response.status).toBe(401);
        expect(await response.clone().json()).toMatchObject({
          error: 'invalid_client',
        });
        // The library reads the Basic challenge before the body.
        const error = await oauth
          .processClientCredentialsResponse(as, reports, response)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
        expect(
          (error as oauth.WWWAuthenticateChallengeError).cause,
        ).toMatchObject([
          { scheme: 'basic', parameters: { realm: 'tokenward' } },
        ]);
      });

      it('gets a client-credentials token with the asked scope; RFC 9068 validation and jose accept it', async () => {
        const tokens = await oauth.processClientCredentialsResponse(
          as,
          reports,
          await oauth.clientCredentialsGrantRequest(
            as,
            reports,
            oauth.ClientSecretBasic(REPORTS.clientSecret),
            new URLSearchParams({ scope: 'reports:read' }),
            insecure,
          ),
        );
        expect(tokens.scope).toBe('reports:read');
        expect(tokens.refresh_token).toBeUndefined();
        const claims = await oauth.validateJwtAccessToken(
          as,
          new Request('http://127.0.0.1/resource', {
            headers: { authorization: `Bearer ${tokens.access_token}` },
          }),
          'tokenward',
          insecure,
        );
        expect(claims).toMatchObject({
          client_id: REPORTS.clientId,
          sub: REPORTS.clientId,
          scope: 'reports:read',
        });
        const { payload, protectedHeader } = await jwtVerify(
          tokens.access_token,
          createRemoteJWKSet(new URL(as.jwks_uri!)),
          {
            issuer: issuer.origin,
            audience: 'tokenward',
            typ: 'at+jwt',
            algorithms: ['EdDSA'],
          },
        );
        expect(protectedHeader.typ).toBe('at+jwt');
        expect(payload.scope).toBe('reports:read');
      });

      it('introspects with client_secret_post and client_secret_basic', async () => {
        const s = await registerAndLogin(f);
        for (const auth of [
          oauth.ClientSecretPost(REPORTS.clientSecret),
          oauth.ClientSecretBasic(REPORTS.clientSecret),
        ]) {
          const result = await oauth.processIntrospectionResponse(
            as,
            reports,
            await oauth.introspectionRequest(
              as,
              reports,
              auth,
              s.accessToken,
              insecure,
            ),
          );
          expect(result).toMatchObject({ active: true, sub: s.userId });
        }
      });

      it('revokes a refresh token as the public client: the session ends', async () => {
        const s = await registerAndLogin(f);
        await oauth.processRevocationResponse(
          await oauth.revocationRequest(
            as,
            publicClient,
            oauth.None(),
            s.refreshToken,
            insecure,
          ),
        );
        await f.http
          .get('/hello')
          .set(...bearer(s.accessToken))
          .expect(401);
      });
    });

    describe('openid-client', () => {
      const options = {
        algorithm: 'oauth2' as const,
        execute: [client.allowInsecureRequests],
      };

      it('discovers, redeems a refresh token as the public client, and revokes the access token', async () => {
        const config = await client.discovery(
          issuer,
          FIRST_PARTY,
          undefined,
          client.None(),
          options,
        );
        expect(config.serverMetadata().token_endpoint).toBe(
          `${issuer.origin}/auth/token`,
        );
        const s = await registerAndLogin(f);
        const tokens = await client.refreshTokenGrant(config, s.refreshToken);
        expect(tokens.refresh_token).not.toBe(s.refreshToken);
        await f.http
          .get('/hello')
          .set(...bearer(tokens.access_token))
          .expect(200);
        await client.tokenRevocation(config, tokens.access_token, {
          token_type_hint: 'access_token',
        });
        await f.http
          .get('/hello')
          .set(...bearer(tokens.access_token))
          .expect(401);
        const refused = await client
          .refreshTokenGrant(config, tokens.refresh_token!)
          .catch((e: unknown) => e);
        expect((refused as client.ResponseBodyError).error).toBe(
          'invalid_grant',
        );
      });

      it('gets a client-credentials token with its default client_secret_post and introspects it, and a user token', async () => {
        const config = await client.discovery(
          issuer,
          REPORTS.clientId,
          REPORTS.clientSecret,
          undefined,
          options,
        );
        const tokens = await client.clientCredentialsGrant(config, {
          scope: 'reports:write',
        });
        expect(tokens.scope).toBe('reports:write');
        // A service token is no user token: introspection says inactive.
        expect(
          await client.tokenIntrospection(config, tokens.access_token),
        ).toMatchObject({ active: false });
        const s = await registerAndLogin(f);
        expect(
          await client.tokenIntrospection(config, s.accessToken),
        ).toMatchObject({ active: true, sub: s.userId });
      });

      it('introspects with client_secret_basic as a legacy introspection client', async () => {
        const config = await client.discovery(
          issuer,
          INTROSPECTION_CLIENT.clientId,
          INTROSPECTION_CLIENT.clientSecret,
          client.ClientSecretBasic(INTROSPECTION_CLIENT.clientSecret),
          options,
        );
        const s = await registerAndLogin(f);
        expect(
          await client.tokenIntrospection(config, s.accessToken),
        ).toMatchObject({ active: true });
        const refused = await client
          .clientCredentialsGrant(config)
          .catch((e: unknown) => e);
        expect((refused as client.ResponseBodyError).error).toBe(
          'unauthorized_client',
        );
      });
    });
  },
);
