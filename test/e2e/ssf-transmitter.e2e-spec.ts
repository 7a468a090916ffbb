// Issue 15: Tokenward as an SSF 1.0 transmitter over HTTP, on both adapters and both stores: the
// transmitter configuration, stream management owned by the receiver's client, status,
// verification, RFC 8936 poll delivery, and CAEP/RISC SETs from the domain events that verify
// with jose against the JWKS.
import { describe, expect, it } from 'vitest';
import { ADAPTERS_AND_STORES, useFixtureApp } from '../support/fixture-app.js';

const ISSUER = 'http://127.0.0.1:4000';
const RECEIVER = {
  clientId: 'risk-engine',
  clientSecret: 'risk-engine-secret-0123456789abcdef-0123',
  scopes: ['ssf.manage'],
};

describe.each(ADAPTERS_AND_STORES)(
  'SSF transmitter (%s, %s storage)',
  (adapter, storage) => {
    const f = useFixtureApp({
      adapter,
      storage,
      options: {
        issuer: ISSUER,
        clients: [RECEIVER],
        signing: { algorithm: 'ES256' },
      },
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

  it('appends the issuer path to the well-known path (SSF 1.0 §7.2)', async () => {
    await withPath.http.get('/.well-known/ssf-configuration').expect(404);
    const res = await withPath.http
      .get('/.well-known/ssf-configuration/tenant-a')
      .expect(200);
    expect(res.body.issuer).toBe(`${ISSUER}/tenant-a`);
    expect(res.body.configuration_endpoint).toBe(`${ISSUER}/auth/ssf/streams`);
  });
});
