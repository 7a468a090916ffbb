import { Optional } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RemoteAccessTokenVerifier } from '../../../domain/ports/remote-access-token-verifier.js';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { VerifiedAccessToken } from '../../dtos/verified-access-token.dto.js';
import { SsfReceiverDenyState } from '../../services/ssf-receiver-deny-state.js';
import { ValidateAccessTokenQuery } from './validate-access-token.query.js';

/**
 * The resource server's answer to the query `JwtAuthGuard` runs: the auth service decides (through
 * its JWKS or its introspection endpoint), so the guard and `RolesGuard` work unchanged on a
 * service that holds no user data. Registered only by `TokenwardResourceServerModule`, never
 * beside `ValidateAccessTokenHandler`. With an SSF subscription (JWKS mode), a verified token is
 * also checked against what the transmitter's events revoked.
 */
@QueryHandler(ValidateAccessTokenQuery)
export class ValidateAccessTokenRemotelyHandler implements IQueryHandler<ValidateAccessTokenQuery> {
  constructor(
    private readonly verifier: RemoteAccessTokenVerifier,
    @Optional() private readonly denyState?: SsfReceiverDenyState,
  ) {}

  async execute(query: ValidateAccessTokenQuery): Promise<VerifiedAccessToken> {
    const token = await this.verifier.verify(query.accessToken);
    this.denyState?.check(token);
    return new VerifiedAccessToken(
      // What the auth service did not tell us stays empty rather than invented (JWKS mode, a
      // token issued before it carried preferred_username and email).
      new AuthenticatedUser(
        token.sub,
        token.username ?? '',
        token.email ?? '',
        token.roles,
      ),
      token.sid,
      token.jti,
      token.iat,
      token.exp,
      token.gv,
      token.uv,
      token.amr ?? [],
      token.authTime ?? null,
    );
  }
}
