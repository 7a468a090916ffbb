import { Command } from '@nestjs/cqrs';

/**
 * Logs out the session a refresh token belongs to (cookie logout, where no access token is at
 * hand). An unknown or already revoked token changes nothing and is no error (RFC 7009 §2.2).
 */
export class RevokeRefreshTokenCommand extends Command<void> {
  constructor(public readonly refreshToken: string) {
    super();
  }
}
