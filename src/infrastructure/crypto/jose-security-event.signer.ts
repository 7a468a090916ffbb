import { SignJWT } from 'jose';
import type { SigningKey } from '../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyUnavailableError } from '../../domain/errors/signing-key-unavailable.error.js';
import {
  SecurityEventSigner,
  type SecurityEventClaims,
} from '../../domain/ports/security-event-signer.js';
import type { NodeSigningKeyMaterial } from './node-signing-key.material.js';

/** RFC 8417 §2.3 explicit typing of a SET. */
export const SECURITY_EVENT_TOKEN_TYPE = 'secevent+jwt';

/**
 * SETs signed with jose. Only EdDSA and ES256 keys sign them: an HS256 key is not in the JWKS,
 * so a receiver could not verify the SET, and it is refused (fail closed).
 */
export class JoseSecurityEventSigner extends SecurityEventSigner {
  constructor(private readonly material: NodeSigningKeyMaterial) {
    super();
  }

  async sign(
    claims: SecurityEventClaims,
    signingKey: SigningKey,
  ): Promise<string> {
    if (signingKey.algorithm === 'HS256') {
      throw new SigningKeyUnavailableError();
    }
    const key = this.material.openOrUnavailable(signingKey);
    return new SignJWT({ ...claims })
      .setProtectedHeader({
        alg: key.algorithm,
        typ: SECURITY_EVENT_TOKEN_TYPE,
        kid: key.kid,
      })
      .sign(key.signingKey);
  }
}
