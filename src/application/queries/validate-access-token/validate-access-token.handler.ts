import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthenticatedUser } from '../../dtos/authenticated-user.dto.js';
import { VerifiedAccessToken } from '../../dtos/verified-access-token.dto.js';
import { AccessTokenValidator } from '../../services/access-token-validator.service.js';
import { ValidateAccessTokenQuery } from './validate-access-token.query.js';

/** Verifies the token and every revocation rule; the user's roles come from current state. */
@QueryHandler(ValidateAccessTokenQuery)
export class ValidateAccessTokenHandler implements IQueryHandler<ValidateAccessTokenQuery> {
  constructor(private readonly validator: AccessTokenValidator) {}

  async execute(query: ValidateAccessTokenQuery): Promise<VerifiedAccessToken> {
    const { claims, user } = await this.validator.validate(query.accessToken);
    return new VerifiedAccessToken(
      new AuthenticatedUser(user.id, user.username, user.email, user.roles),
      claims.sid,
      claims.jti,
      claims.iat,
      claims.exp,
      claims.gv,
      claims.uv,
      claims.amr ?? [],
      claims.auth_time ?? null,
    );
  }
}
