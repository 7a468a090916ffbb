import { Command } from '@nestjs/cqrs';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/** Opens a new session for an authenticated user and issues its first token pair. */
export class GenerateAuthTokensCommand extends Command<AuthTokens> {
  constructor(public readonly userId: string) {
    super();
  }
}
