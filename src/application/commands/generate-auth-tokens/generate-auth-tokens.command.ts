import { Command } from '@nestjs/cqrs';
import type { SessionClient } from '../../../domain/entities/session.entity.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';

/** Opens a new session for an authenticated user and issues its first token pair. */
export class GenerateAuthTokensCommand extends Command<AuthTokens> {
  constructor(
    public readonly userId: string,
    /** Where the login came from (IP, `User-Agent`), recorded in the session. */
    public readonly client?: Partial<SessionClient>,
    /** A name the client gave this device (`device_name`), shown in the sessions list. */
    public readonly deviceName?: string | null,
    /** How the user authenticated (`amr`, RFC 8176) and when; a password login when absent. */
    public readonly authentication?: {
      readonly amr: readonly string[];
      readonly authTime: Date;
    },
  ) {
    super();
  }
}
