import { Command } from '@nestjs/cqrs';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/** Exchanges a refresh token for a new pair, rotating the refresh token. */
export class RefreshAuthTokensCommand extends Command<AuthTokens> {
  constructor(
    public readonly refreshToken: string,
    /** Correlation id of the HTTP request, recorded in the audit trail if the token was reused. */
    public readonly requestId?: string,
    /** Where the refresh came from (IP, `User-Agent`): the session's last-used client. */
    public readonly client?: Partial<SessionClient>,
  ) {
    super();
  }
}
