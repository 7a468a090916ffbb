import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Session } from '../../domain/entities/session.entity.js';
import { AuthConfig } from '../auth-config.js';
import { AuthTokens } from '../dtos/auth-tokens.dto.js';
import { AccessTokenCodec } from './access-token-codec.service.js';

/** Issues token pairs and computes refresh expiries; shared by login and refresh. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly config: AuthConfig,
    private readonly tokens: AccessTokenCodec,
  ) {}

  /**
   * The pair for `session` as just stored: an access token at the session's global and user
   * versions, beside the refresh token whose hash the session now holds.
   */
  async issuePair(
    user: {
      readonly id: string;
      readonly username: string;
      readonly email: string;
      readonly roles: readonly string[];
    },
    session: Session,
    refreshToken: string,
    now: Date,
    /** `amr` and `auth_time` of the login (RFC 8176, OIDC); absent (a session stored before they were recorded): both omitted. */
    authentication?: {
      readonly amr: readonly string[];
      readonly authTime: Date;
    },
  ): Promise<AuthTokens> {
    const { token } = await this.tokens.sign(
      {
        sub: user.id,
        jti: randomUUID(),
        sid: session.id,
        gv: session.globalVersion,
        uv: session.userVersion,
        roles: user.roles,
        // What request.user carries, so the guard needs no per-user state for it (issue 17).
        username: user.username,
        email: user.email,
        client_id: this.config.firstPartyClientId,
        ...(authentication === undefined
          ? {}
          : {
              amr: [...authentication.amr],
              auth_time: Math.floor(authentication.authTime.getTime() / 1000),
            }),
      },
      now,
    );
    return new AuthTokens(
      token,
      refreshToken,
      this.config.accessTokenTtlSeconds,
      session.id,
      session.expiresAt,
    );
  }

  /**
   * When the refresh token issued at `now` for a session opened at `createdAt` stops working: its
   * own lifetime, cut by the idle timeout and the session's absolute lifetime (each 0 = off).
   */
  refreshExpiry(now: Date, createdAt: Date = now): Date {
    const limits = [now.getTime() + this.config.refreshTokenTtlSeconds * 1000];
    const idle = this.config.sessionIdleTimeoutSeconds;
    if (idle > 0) limits.push(now.getTime() + idle * 1000);
    const max = this.config.sessionMaxLifetimeSeconds;
    if (max > 0) limits.push(createdAt.getTime() + max * 1000);
    return new Date(Math.min(...limits));
  }

  /**
   * Whether the session's lifetimes, as configured now, have run out at `now` (checked at refresh
   * beside the stored expiry, so a lowered setting applies to sessions opened before it).
   */
  lifetimeOver(
    session: { readonly createdAt: Date; readonly lastUsedAt: Date },
    now: Date,
  ): boolean {
    const idle = this.config.sessionIdleTimeoutSeconds;
    const max = this.config.sessionMaxLifetimeSeconds;
    return (
      (idle > 0 &&
        now.getTime() - session.lastUsedAt.getTime() >= idle * 1000) ||
      (max > 0 && now.getTime() - session.createdAt.getTime() >= max * 1000)
    );
  }
}
