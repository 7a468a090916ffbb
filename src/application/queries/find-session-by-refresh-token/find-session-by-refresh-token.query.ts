import { Query } from '@nestjs/cqrs';
import type { RefreshTokenSession } from '../../dtos/refresh-token-session.dto.js';

/** Which session a refresh token belongs to (RFC 7009 revocation), or null when none. */
export class FindSessionByRefreshTokenQuery extends Query<RefreshTokenSession | null> {
  constructor(public readonly refreshToken: string) {
    super();
  }
}
