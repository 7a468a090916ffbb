import type { KeyObject } from 'node:crypto';
import { SecretSealer } from '../../domain/ports/secret-sealer.js';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import { deriveKey } from './key-derivation.js';

/**
 * AES-256-GCM under `HKDF-SHA256(master secret, tokenward/totp-secret)`, the context as additional
 * data: the same sealing as the signing keys' private parts, under a key of its own purpose.
 */
export class AesGcmSecretSealer extends SecretSealer {
  private readonly key: KeyObject;

  constructor(masterSecret: string | Buffer) {
    super();
    this.key = deriveKey(masterSecret, 'totp-secret');
  }

  seal(plain: string, context: string): string {
    return sealAesGcm(this.key, Buffer.from(plain, 'utf8'), context);
  }

  open(sealed: string, context: string): string {
    return openAesGcm(this.key, sealed, context).toString('utf8');
  }
}
