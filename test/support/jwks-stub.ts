import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose';
import { sendJson, startHttpStub, type HttpStub } from './http-stub.js';

// Stands in for a Tokenward auth app that publishes asymmetric keys: tokens carry the header
// `{ alg, typ: 'at+jwt', kid }` and the claims `sub, jti, sid, iss, aud, iat, exp, gv, uv, roles`;
// `GET /auth/.well-known/jwks.json` answers an RFC 7517 set `{ keys: [{ kty, crv, x, (y), kid,
// alg, use: 'sig' }] }`.

export const JWKS_PATH = '/auth/.well-known/jwks.json';
export const STUB_ISSUER = 'https://auth.example.test';
export const STUB_AUDIENCE = 'example-api';

export type StubAlgorithm = 'EdDSA' | 'ES256';

export interface SigningKey {
  readonly kid: string;
  readonly alg: StubAlgorithm;
  readonly privateKey: CryptoKey;
  /** The public key as published. */
  readonly jwk: JWK;
}

export async function newSigningKey(
  alg: StubAlgorithm = 'EdDSA',
  kid: string = randomUUID(),
): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
  });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

/** How the stub's JWKS endpoint behaves. */
export type JwksBehaviour = 'ok' | 'error' | 'not-json' | 'not-a-set' | 'hang';

export interface JwksStub {
  /** The key-set URL. */
  readonly jwksUrl: string;
  /** Keys currently published. */
  published: SigningKey[];
  behaviour: JwksBehaviour;
  /** How many times the key set was requested. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startJwksStub(
  published: SigningKey[],
): Promise<JwksStub> {
  const stub: JwksStub = {
    jwksUrl: '',
    published,
    behaviour: 'ok',
    fetches: () => http.requests.filter((r) => r.path === JWKS_PATH).length,
    close: () => http.close(),
  };
  const http: HttpStub = await startHttpStub((request, response) => {
    if (request.path !== JWKS_PATH) return sendJson(response, 404, {});
    switch (stub.behaviour) {
      case 'ok':
        return sendJson(response, 200, {
          keys: stub.published.map((key) => key.jwk),
        });
      case 'error':
        return sendJson(response, 503, { error: 'unavailable' });
      case 'not-json':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('<html>maintenance</html>');
        return;
      case 'not-a-set':
        return sendJson(response, 200, { keys: 'none' });
      case 'hang':
        return; // never answers: the client's timeout decides
    }
  });
  (stub as { jwksUrl: string }).jwksUrl = `${http.origin}${JWKS_PATH}`;
  return stub;
}

/** Claims of a stub-issued token; `undefined` values are left out of the token. */
export type StubClaims = Record<string, unknown>;

/** Signs an access token exactly as the auth app will; `claims` and `header` override defaults. */
export async function signAccessToken(
  key: SigningKey,
  claims: StubClaims = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const payload: StubClaims = {
    sub: randomUUID(),
    jti: randomUUID(),
    sid: randomUUID(),
    iss: STUB_ISSUER,
    aud: STUB_AUDIENCE,
    iat,
    exp: iat + 900,
    gv: 1,
    uv: 1,
    roles: ['user'],
    ...claims,
  };
  for (const name of Object.keys(payload))
    if (payload[name] === undefined) delete payload[name];
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: key.alg,
      typ: 'at+jwt',
      kid: key.kid,
      ...header,
    })
    .sign(key.privateKey);
}
