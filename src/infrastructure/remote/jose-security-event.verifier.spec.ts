import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthServiceUnavailableError } from '../../domain/errors/auth-service-unavailable.error.js';
import { SetRejectedError } from '../../domain/ports/security-event-verifier.js';
import { ManualClock } from '../clock/manual.clock.js';
import { respelledSignatures } from '../../../test/support/jws-respellings.js';
import { JoseSecurityEventVerifier } from './jose-security-event.verifier.js';

const ISSUER = 'https://auth.example.test';
const CLIENT = 'orders-service';
const SESSION_REVOKED =
  'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
const NOW = new Date('2026-06-01T12:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;

interface Key {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function key(alg: 'EdDSA' | 'ES256'): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
  });
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
  };
}

describe('JoseSecurityEventVerifier', () => {
  let ed: Key;
  let es: Key;
  let stranger: Key;
  let verifier: JoseSecurityEventVerifier;

  const verifierWith = (keys: JWTVerifyGetKey) =>
    new JoseSecurityEventVerifier(
      {
        jwksUrl: new URL(`${ISSUER}/auth/.well-known/jwks.json`),
        issuer: ISSUER,
        audience: CLIENT,
        algorithms: ['EdDSA', 'ES256'],
        clockToleranceSeconds: 5,
        cacheMaxAgeMs: 60_000,
        cooldownMs: 1000,
        timeoutMs: 2000,
      },
      new ManualClock(NOW),
      keys,
    );

  /** A SET in the transmitter's format, with `changes` applied to its claims / header. */
  const sign = (
    changes: {
      claims?: Record<string, unknown>;
      header?: Record<string, unknown>;
      signer?: Key;
    } = {},
  ) => {
    const signer = changes.signer ?? ed;
    const jti = randomUUID();
    const claims = {
      iss: ISSUER,
      jti,
      iat: NOW_S,
      aud: CLIENT,
      sub_id: {
        format: 'complex',
        user: { format: 'iss_sub', iss: ISSUER, sub: 'alice' },
        session: { format: 'opaque', id: 'session-1' },
      },
      events: { [SESSION_REVOKED]: { event_timestamp: NOW_S - 2 } },
      ...changes.claims,
    };
    return new SignJWT(claims)
      .setProtectedHeader({
        alg: signer.jwk.alg as string,
        typ: 'secevent+jwt',
        kid: signer.kid,
        ...changes.header,
      })
      .sign(signer.privateKey)
      .then((set) => ({ jti: (claims.jti as string) ?? jti, set }));
  };

  const rejected = async (
    made: Promise<{ jti: string; set: string }>,
  ): Promise<SetRejectedError> => {
    const { jti, set } = await made;
    const error: unknown = await verifier.verify(jti, set).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SetRejectedError);
    return error as SetRejectedError;
  };

  beforeAll(async () => {
    ed = await key('EdDSA');
    es = await key('ES256');
    stranger = await key('EdDSA');
    verifier = verifierWith(createLocalJWKSet({ keys: [ed.jwk, es.jwk] }));
  });

  it('reads a session-revoked SET signed with either key of the set', async () => {
    for (const signer of [ed, es]) {
      const { jti, set } = await sign({ signer });

      await expect(verifier.verify(jti, set)).resolves.toEqual({
        jti,
        eventType: SESSION_REVOKED,
        eventTimestamp: NOW_S - 2,
        subject: { userId: 'alice', sessionId: 'session-1', everyone: false },
      });
    }
  });

  it('reads an iss_sub subject, and takes iat when the event has no timestamp', async () => {
    const { jti, set } = await sign({
      claims: {
        sub_id: { format: 'iss_sub', iss: ISSUER, sub: 'bob' },
        events: { [SESSION_REVOKED]: {} },
      },
    });

    await expect(verifier.verify(jti, set)).resolves.toMatchObject({
      eventTimestamp: NOW_S,
      subject: { userId: 'bob', sessionId: null, everyone: false },
    });
  });

  it('names nobody for a subject of another issuer', async () => {
    const { jti, set } = await sign({
      claims: {
        sub_id: { format: 'iss_sub', iss: 'https://other.test', sub: 'bob' },
      },
    });

    await expect(verifier.verify(jti, set)).resolves.toMatchObject({
      subject: { userId: null, sessionId: null, everyone: false },
    });
  });

  it.each([
    ['no typ', { header: { typ: undefined } }, 'invalid_request'],
    ['typ at+jwt', { header: { typ: 'at+jwt' } }, 'invalid_request'],
    [
      'another issuer',
      { claims: { iss: 'https://evil.test' } },
      'invalid_issuer',
    ],
    ['another audience', { claims: { aud: 'billing' } }, 'invalid_audience'],
    ['no events', { claims: { events: {} } }, 'invalid_request'],
    [
      'two events',
      {
        claims: {
          events: { [SESSION_REVOKED]: {}, 'urn:example:other': {} },
        },
      },
      'invalid_request',
    ],
    [
      'a non-numeric event_timestamp',
      { claims: { events: { [SESSION_REVOKED]: { event_timestamp: 'now' } } } },
      'invalid_request',
    ],
    ['no sub_id', { claims: { sub_id: undefined } }, 'invalid_request'],
    ['an expired exp', { claims: { exp: NOW_S - 60 } }, 'invalid_request'],
  ])('refuses a SET with %s', async (_name, changes, err) => {
    const error = await rejected(sign(changes));

    expect(error.err).toBe(err);
    expect(error.retryable).toBe(false);
  });

  it('refuses a SET signed by a key the set does not hold (retryable: it may be new)', async () => {
    const error = await rejected(sign({ signer: stranger }));

    expect(error.err).toBe('invalid_key');
    expect(error.retryable).toBe(true);
  });

  it('refuses a forged signature under a known kid, and an HMAC SET before any key look-up', async () => {
    const forged = await rejected(
      sign({ signer: { ...stranger, kid: ed.kid, jwk: ed.jwk } }),
    );
    expect(forged.err).toBe('invalid_key');
    expect(forged.retryable).toBe(false);

    let lookedUp = false;
    const hmacVerifier = verifierWith(() => {
      lookedUp = true;
      return Promise.reject(new Error('no key'));
    });
    const jti = randomUUID();
    const hmac = await new SignJWT({
      iss: ISSUER,
      jti,
      iat: NOW_S,
      aud: CLIENT,
      events: { [SESSION_REVOKED]: {} },
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'secevent+jwt', kid: ed.kid })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    await expect(hmacVerifier.verify(jti, hmac)).rejects.toMatchObject({
      err: 'invalid_key',
    });
    expect(lookedUp).toBe(false);
  });

  it('refuses a SET whose signature is spelt another way (same bytes, other base64url)', async () => {
    for (const signer of [ed, es]) {
      const { jti, set } = await sign({ signer });
      await expect(verifier.verify(jti, set)).resolves.toBeDefined();
      for (const respelled of respelledSignatures(set))
        await expect(verifier.verify(jti, respelled)).rejects.toMatchObject({
          err: 'invalid_request',
        });
    }
  });

  it('refuses a SET filed under another jti than its own', async () => {
    const { set } = await sign();

    await expect(verifier.verify('another-jti', set)).rejects.toMatchObject({
      err: 'invalid_request',
    });
  });

  it('is unavailable (not a verdict) when the key set cannot be fetched', async () => {
    const { jti, set } = await sign();
    const down = verifierWith(() =>
      Promise.reject(new TypeError('fetch failed')),
    );

    await expect(down.verify(jti, set)).rejects.toThrow(
      AuthServiceUnavailableError,
    );
  });
});
