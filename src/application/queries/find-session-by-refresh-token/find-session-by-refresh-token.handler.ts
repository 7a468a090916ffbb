import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RefreshTokenGenerator } from '../../../domain/ports/refresh-token-generator.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { RefreshTokenSession } from '../../dtos/refresh-token-session.dto.js';
import { FindSessionByRefreshTokenQuery } from './find-session-by-refresh-token.query.js';

/**
 * Looks the token up by its hash, as refresh does: the current token of a session, or one it
 * already rotated out (whoever holds an old token could end the session through reuse detection
 * anyway). Revoked and expired sessions are still found: revoking them again is a no-op.
 */
@QueryHandler(FindSessionByRefreshTokenQuery)
export class FindSessionByRefreshTokenHandler implements IQueryHandler<FindSessionByRefreshTokenQuery> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenGenerator,
  ) {}

  async execute(
    query: FindSessionByRefreshTokenQuery,
  ): Promise<RefreshTokenSession | null> {
    const hash = this.refreshTokens.hash(query.refreshToken);
    const session =
      (await this.sessions.findByRefreshTokenHash(hash)) ??
      (await this.sessions.findByPreviousRefreshTokenHash(hash));
    return session === null
      ? null
      : new RefreshTokenSession(session.userId, session.id);
  }
}
