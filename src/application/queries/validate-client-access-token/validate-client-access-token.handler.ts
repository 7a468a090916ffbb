import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { AuthConfig } from '../../auth-config.js';
import { AuthenticatedReceiver } from '../../dtos/authenticated-receiver.dto.js';
import { AccessTokenCodec } from '../../services/access-token-codec.service.js';
import { ValidateClientAccessTokenQuery } from './validate-client-access-token.query.js';

/**
 * A client-credentials token is verified like any access token (key ring, `typ`, issuer, audience,
 * expiry) and must name a client that is still configured; its scopes count only as far as the
 * client still has them, so removing a client or a scope from the configuration takes effect at
 * once, not when the token expires. A user's token is refused (`invalid_token`).
 */
@QueryHandler(ValidateClientAccessTokenQuery)
export class ValidateClientAccessTokenHandler implements IQueryHandler<ValidateClientAccessTokenQuery> {
  constructor(
    private readonly config: AuthConfig,
    private readonly codec: AccessTokenCodec,
    private readonly clock: Clock,
  ) {}

  async execute(
    query: ValidateClientAccessTokenQuery,
  ): Promise<AuthenticatedReceiver> {
    const claims = await this.codec.verifyServiceToken(
      query.token,
      this.clock.now(),
    );
    const client = this.config.clients.find(
      (c) => c.clientId === claims.client_id,
    );
    if (client === undefined) throw new InvalidTokenError();
    const scopes = claims.scope
      .split(' ')
      .filter((s) => s !== '' && client.scopes.includes(s));
    return new AuthenticatedReceiver(client.clientId, scopes);
  }
}
