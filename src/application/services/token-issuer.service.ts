import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessTokenSigner } from '../../domain/ports/access-token-signer.js';
import { AuthConfig } from '../auth-config.js';

/** What an access token is issued for. */
export interface AccessTokenGrant {
  readonly userId: string;
  readonly roles: readonly string[];
  readonly sessionId: string;
  readonly globalVersion: number;
  readonly userVersion: number;
}

/** Issues access tokens and computes refresh expiries; shared by login and refresh. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly config: AuthConfig,
    private readonly signer: AccessTokenSigner,
  ) {}

  issueAccessToken(grant: AccessTokenGrant, now: Date): string {
    return this.signer.sign(
      {
        sub: grant.userId,
        jti: randomUUID(),
        sid: grant.sessionId,
        gv: grant.globalVersion,
        uv: grant.userVersion,
        roles: grant.roles,
      },
      now,
    ).token;
  }

  refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
  }
}
