import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidScopeError } from '../../../domain/errors/invalid-scope.error.js';
import { UnauthorizedClientError } from '../../../domain/errors/unauthorized-client.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { AuthConfig } from '../../auth-config.js';
import { ClientAccessToken } from '../../dtos/client-access-token.dto.js';
import { ClientTokenIssuedEvent } from '../../events/client-token-issued.event.js';
import { AccessTokenCodec } from '../../services/access-token-codec.service.js';
import { IssueClientAccessTokenCommand } from './issue-client-access-token.command.js';

/**
 * Client credentials (RFC 6749 §4.4): a client configured with scopes gets an access token with
 * the requested subset (all of them when none is asked for). A client without scopes (an
 * introspection-only client) may not use the grant. No session: the token cannot be revoked and
 * lives `accessTokenTtlSeconds`.
 */
@CommandHandler(IssueClientAccessTokenCommand)
export class IssueClientAccessTokenHandler implements ICommandHandler<IssueClientAccessTokenCommand> {
  constructor(
    private readonly config: AuthConfig,
    private readonly signer: AccessTokenCodec,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async execute(
    command: IssueClientAccessTokenCommand,
  ): Promise<ClientAccessToken> {
    const client = this.config.clients.find(
      (c) => c.clientId === command.clientId,
    );
    if (client === undefined || client.scopes.length === 0) {
      throw new UnauthorizedClientError(
        'This client may not use the client_credentials grant',
      );
    }
    const requested = command.requestedScopes ?? client.scopes;
    if (
      requested.length === 0 ||
      !requested.every((s) => client.scopes.includes(s))
    ) {
      throw new InvalidScopeError();
    }
    const scopes = [...new Set(requested)];
    const now = this.clock.now();
    const { token } = await this.signer.signServiceToken(
      {
        sub: client.clientId,
        client_id: client.clientId,
        scope: scopes.join(' '),
        jti: randomUUID(),
      },
      now,
    );
    this.events.publish(
      new ClientTokenIssuedEvent(client.clientId, scopes, now),
    );
    return new ClientAccessToken(
      token,
      this.config.accessTokenTtlSeconds,
      scopes,
    );
  }
}
