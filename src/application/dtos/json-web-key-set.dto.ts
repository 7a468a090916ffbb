import type { PublicJwk } from '../../domain/entities/signing-key-ring.entity.js';

/**
 * A JWK Set (RFC 7517 §5): the public keys of every asymmetric key that verifies now, active
 * first. Empty with HS256, whose keys are never published.
 */
export class JsonWebKeySet {
  constructor(readonly keys: readonly PublicJwk[]) {}
}
