import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SigningAlgorithm } from '../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyUnavailableError } from '../../domain/errors/signing-key-unavailable.error.js';
import { ManualClock } from '../../infrastructure/clock/manual.clock.js';
import { JoseSecurityEventSigner } from '../../infrastructure/crypto/jose-security-event.signer.js';
import { NodeSigningKeyMaterial } from '../../infrastructure/crypto/node-signing-key.material.js';
import { MemorySigningKeyRepository } from '../../infrastructure/persistence/memory/memory-signing-key.repository.js';
import { resolveAuthOptions } from '../../module/auth/auth.options-resolver.js';
import {
  SecurityEventTokenService,
  SSF_EVENT_TYPES,
} from './security-event-token.service.js';
import { SigningKeyRingService } from './signing-key-ring.service.js';

const NOW = new Date('2026-01-01T00:00:00.000Z');
const ISSUER = 'https://auth.example.test';

function createService(algorithm: SigningAlgorithm) {
  const resolved = resolveAuthOptions({
    secret: 'set-spec-secret-0123456789abcdef-0123456789',
    issuer: ISSUER,
    audience: 'spec-api',
    signing: { algorithm },
  });
  const clock = new ManualClock(NOW);
  const material = new NodeSigningKeyMaterial(resolved.secret);
  const keys = new SigningKeyRingService(
    resolved.config,
    clock,
    new MemorySigningKeyRepository(),
    material,
  );
  const service = new SecurityEventTokenService(
    resolved.config,
    clock,
    keys,
    new JoseSecurityEventSigner(material),
  );
  return { service, keys };
}

describe.each<SigningAlgorithm>(['EdDSA', 'ES256'])(
  'SecurityEventTokenService with %s keys',
  (algorithm) => {
    it('signs a secevent+jwt SET that verifies against the public JWK of the ring', async () => {
      const { service, keys } = createService(algorithm);
      const { jti, set } = await service.sign(
        { clientId: 'receiver-1' },
        {
          eventType: SSF_EVENT_TYPES.sessionRevoked,
          userId: 'user-1',
          sessionId: 'session-1',
          txn: 'change-1',
        },
      );
      const active = await keys.active();
      expect(active.publicJwk).not.toBeNull();
      const jwks = createLocalJWKSet({ keys: [{ ...active.publicJwk! }] });
      const { payload, protectedHeader } = await jwtVerify(set, jwks, {
        typ: 'secevent+jwt',
        issuer: ISSUER,
        audience: 'receiver-1',
        currentDate: NOW,
      });
      expect(protectedHeader).toEqual({
        alg: algorithm,
        typ: 'secevent+jwt',
        kid: active.kid,
      });
      expect(payload).toEqual({
        iss: ISSUER,
        jti,
        iat: NOW.getTime() / 1000,
        aud: 'receiver-1',
        txn: 'change-1',
        sub_id: {
          format: 'complex',
          user: { format: 'iss_sub', iss: ISSUER, sub: 'user-1' },
          session: { format: 'opaque', id: 'session-1' },
        },
        events: {
          [SSF_EVENT_TYPES.sessionRevoked]: {
            event_timestamp: NOW.getTime() / 1000,
          },
        },
      });
      // RFC 8417 §2.2: no exp, a SET is a statement of fact, not an access grant.
      expect(payload.exp).toBeUndefined();
    });

    it('signs an event about a stream with its opaque id as the subject, a fresh txn when none is given', async () => {
      const { service } = createService(algorithm);
      const { set } = await service.signFor(
        { clientId: 'receiver-1' },
        {
          eventType: SSF_EVENT_TYPES.verification,
          subject: { format: 'opaque', id: 'stream-1' },
          payload: { state: 'xyz' },
        },
      );
      const payload = decodeJwt(set);
      expect(payload.sub_id).toEqual({ format: 'opaque', id: 'stream-1' });
      expect(payload.events).toEqual({
        [SSF_EVENT_TYPES.verification]: {
          event_timestamp: NOW.getTime() / 1000,
          state: 'xyz',
        },
      });
      expect(typeof payload.txn).toBe('string');
      expect(payload.sub).toBeUndefined();
    });

    it('names only the user (iss_sub) when the event concerns no single session', async () => {
      const { service } = createService(algorithm);
      const first = await service.sign(
        { clientId: 'r' },
        {
          eventType: SSF_EVENT_TYPES.credentialChange,
          userId: 'user-2',
          payload: { credential_type: 'password', change_type: 'update' },
        },
      );
      const second = await service.sign(
        { clientId: 'r' },
        { eventType: SSF_EVENT_TYPES.credentialChange, userId: 'user-2' },
      );
      const claims = JSON.parse(
        Buffer.from(first.set.split('.')[1]!, 'base64url').toString(),
      ) as Record<string, unknown>;
      expect(claims.sub_id).toEqual({
        format: 'iss_sub',
        iss: ISSUER,
        sub: 'user-2',
      });
      expect(claims.events).toEqual({
        [SSF_EVENT_TYPES.credentialChange]: {
          event_timestamp: NOW.getTime() / 1000,
          credential_type: 'password',
          change_type: 'update',
        },
      });
      expect(second.jti).not.toBe(first.jti);
    });
  },
);

describe('SecurityEventTokenService with HS256 keys', () => {
  it('refuses to sign: an HMAC key is not in the JWKS, no receiver could verify the SET', async () => {
    const { service } = createService('HS256');
    await expect(
      service.sign(
        { clientId: 'r' },
        { eventType: SSF_EVENT_TYPES.verification, userId: 'u' },
      ),
    ).rejects.toBeInstanceOf(SigningKeyUnavailableError);
  });
});
