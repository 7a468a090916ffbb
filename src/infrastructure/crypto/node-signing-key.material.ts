import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import type {
  SigningAlgorithm,
  SigningKey,
} from '../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyUnavailableError } from '../../domain/errors/signing-key-unavailable.error.js';
import { SigningKeyMaterial } from '../../domain/ports/signing-key-material.js';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import { deriveKey } from './key-derivation.js';

/** A key opened for use in this process. */
export interface OpenedSigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  /** HS256: the shared secret; EdDSA/ES256: the private key. */
  readonly signingKey: KeyObject;
  /** HS256: the shared secret; EdDSA/ES256: the public key. */
  readonly verificationKey: KeyObject;
}

/**
 * Signing keys with node:crypto. HS256 keys have no stored material: each is derived from the
 * master secret and its `kid` (HKDF), so storage never holds a usable HMAC key. EdDSA (Ed25519)
 * and ES256 (P-256) private keys are stored sealed with AES-256-GCM under a key derived from the
 * master secret, the `kid` bound as additional data; only the public JWK is stored in clear.
 * Opened keys are kept per `kid` for the life of the process.
 */
export class NodeSigningKeyMaterial extends SigningKeyMaterial {
  private readonly sealingKey: KeyObject;
  private readonly opened = new Map<string, OpenedSigningKey>();

  constructor(private readonly masterSecret: Buffer) {
    super();
    this.sealingKey = deriveKey(masterSecret, 'key-sealing');
  }

  generate(algorithm: SigningAlgorithm, now: Date): SigningKey {
    const kid = randomBytes(12).toString('base64url');
    const base = {
      kid,
      algorithm,
      createdAt: now,
      retiredAt: null,
      revokedAt: null,
      verifiesUntil: null,
    };
    if (algorithm === 'HS256') {
      return { ...base, publicJwk: null, sealedPrivateKey: null };
    }
    const { privateKey, publicKey } =
      algorithm === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      ...base,
      publicJwk: publicJwkOf(publicKey, kid, algorithm),
      sealedPrivateKey: this.seal(
        privateKey.export({ type: 'pkcs8', format: 'der' }),
        kid,
      ),
    };
  }

  canUse(key: SigningKey): boolean {
    try {
      this.open(key);
      return true;
    } catch {
      return false;
    }
  }

  /** The usable key for `key`; throws when its private part cannot be unsealed here. */
  open(key: SigningKey): OpenedSigningKey {
    const cached = this.opened.get(key.kid);
    if (cached !== undefined && cached.algorithm === key.algorithm)
      return cached;
    const opened = this.openUncached(key);
    this.opened.set(key.kid, opened);
    return opened;
  }

  /**
   * `open` for a signer: a key that cannot be opened here (sealed under another master secret)
   * fails closed as `SigningKeyUnavailableError` (503), the original error kept as its cause.
   */
  openOrUnavailable(key: SigningKey): OpenedSigningKey {
    try {
      return this.open(key);
    } catch (error) {
      throw new SigningKeyUnavailableError({ cause: error });
    }
  }

  private openUncached(key: SigningKey): OpenedSigningKey {
    if (key.algorithm === 'HS256') {
      const secret = deriveKey(this.masterSecret, 'access-token', key.kid);
      return {
        kid: key.kid,
        algorithm: key.algorithm,
        signingKey: secret,
        verificationKey: secret,
      };
    }
    if (key.sealedPrivateKey === null) {
      throw new Error(`Signing key ${key.kid} has no private key`);
    }
    const privateKey = createPrivateKey({
      key: this.unseal(key.sealedPrivateKey, key.kid),
      format: 'der',
      type: 'pkcs8',
    });
    const expectedType = key.algorithm === 'EdDSA' ? 'ed25519' : 'ec';
    if (privateKey.asymmetricKeyType !== expectedType) {
      throw new Error(`Signing key ${key.kid} is not an ${key.algorithm} key`);
    }
    return {
      kid: key.kid,
      algorithm: key.algorithm,
      signingKey: privateKey,
      verificationKey: createPublicKey(privateKey),
    };
  }

  private seal(plain: Buffer, kid: string): string {
    return sealAesGcm(this.sealingKey, plain, kid);
  }

  private unseal(sealed: string, kid: string): Buffer {
    return openAesGcm(this.sealingKey, sealed, kid);
  }
}

function publicJwkOf(
  publicKey: KeyObject,
  kid: string,
  algorithm: SigningAlgorithm,
): Record<string, string> {
  const jwk = publicKey.export({ format: 'jwk' });
  const out: Record<string, string> = {};
  for (const name of ['kty', 'crv', 'x', 'y'] as const) {
    const value = jwk[name];
    if (typeof value === 'string') out[name] = value;
  }
  return { ...out, kid, alg: algorithm, use: 'sig' };
}
