import { Injectable } from '@nestjs/common';
import {
  AccessTokenSigner,
  type AccessTokenClaims,
  type AccessTokenSubject,
  type ServiceAccessTokenClaims,
  type ServiceAccessTokenSubject,
} from '../../domain/ports/access-token-signer.js';
import { SigningKeyRingService } from './signing-key-ring.service.js';

/**
 * Access tokens signed and verified with the ring's keys: this side resolves the key (the active
 * one to sign; the one the token's `kid` names to verify) and hands it to the signer, so calls go
 * application -> infrastructure only and the signer never reaches back into the ring. Signature
 * and claims only: revocation is `AccessTokenValidator`'s.
 */
@Injectable()
export class AccessTokenCodec {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly keys: SigningKeyRingService,
  ) {}

  /** Signs with the active key (the deployment's first signature creates the ring). */
  async sign(
    subject: AccessTokenSubject,
    now: Date,
  ): Promise<{ readonly token: string; readonly claims: AccessTokenClaims }> {
    return this.signer.sign(subject, await this.keys.active(), now);
  }

  /** Signs a client-credentials token with the active key, like `sign`. */
  async signServiceToken(
    subject: ServiceAccessTokenSubject,
    now: Date,
  ): Promise<{
    readonly token: string;
    readonly claims: ServiceAccessTokenClaims;
  }> {
    return this.signer.signServiceToken(subject, await this.keys.active(), now);
  }

  /**
   * Verifies with the key the token's `kid` names. Throws `InvalidTokenError`, `TokenExpiredError`
   * (also for a token of a key past its verification window), or `SigningKeyUnavailableError`.
   */
  async verify(token: string, now: Date): Promise<AccessTokenClaims> {
    const key = await this.keys.resolve(this.signer.keyIdOf(token), now);
    if (key === null) throw this.signer.refusalWithoutKey(token, now);
    return this.signer.verify(token, key, now);
  }

  /**
   * `verify` without a promise, when the key is one this instance holds and the signer decides
   * synchronously (HS256, ES256): the same claims or the same errors. `undefined` means `verify`
   * must decide (a `kid` to look up in storage, an EdDSA key).
   */
  verifyNow(token: string, now: Date): AccessTokenClaims | undefined {
    const key = this.keys.resolveKnown(this.signer.keyIdOf(token), now);
    if (key === undefined) return undefined;
    if (key === null) throw this.signer.refusalWithoutKey(token, now);
    return this.signer.verifyNow(token, key, now);
  }

  /** Verifies a client-credentials token with the key its `kid` names, like `verify`. */
  async verifyServiceToken(
    token: string,
    now: Date,
  ): Promise<ServiceAccessTokenClaims> {
    const key = await this.keys.resolve(this.signer.keyIdOf(token), now);
    if (key === null) throw this.signer.refusalWithoutKey(token, now);
    return this.signer.verifyServiceToken(token, key, now);
  }

  /** Grows whenever a key is revoked: verdicts remembered under an older epoch are void. */
  get revocationEpoch(): number {
    return this.keys.revocationEpoch;
  }
}
