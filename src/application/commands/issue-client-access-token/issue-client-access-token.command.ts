import { Command } from '@nestjs/cqrs';
import type { ClientAccessToken } from '../../dtos/client-access-token.dto.js';

/** The `client_credentials` grant for an already authenticated confidential client. */
export class IssueClientAccessTokenCommand extends Command<ClientAccessToken> {
  constructor(
    public readonly clientId: string,
    /** The requested scopes, or null for every scope the client was configured with. */
    public readonly requestedScopes: readonly string[] | null,
  ) {
    super();
  }
}
