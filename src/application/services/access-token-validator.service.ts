import { Injectable } from '@nestjs/common';
import type { UserSnapshot } from '../../domain/entities/user.entity.js';
import {
  AccessTokenSigner,
  type AccessTokenClaims,
} from '../../domain/ports/access-token-signer.js';
import { Clock } from '../../domain/ports/clock.js';
import { RevocationStateService } from './revocation-state.service.js';

/** A verified, not-revoked access token and its user's current state. */
export interface ValidatedAccessToken {
  readonly claims: AccessTokenClaims;
  readonly user: UserSnapshot;
}

/**
 * Signature and claims first (pure CPU), then every revocation rule from the in-process state.
 * Shared by the guard's query and by introspection so both decide identically.
 */
@Injectable()
export class AccessTokenValidator {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly revocation: RevocationStateService,
    private readonly clock: Clock,
  ) {}

  async validate(token: string): Promise<ValidatedAccessToken> {
    const claims = this.signer.verify(token, this.clock.now());
    const user = await this.revocation.assertNotRevoked(claims);
    return { claims, user };
  }
}
