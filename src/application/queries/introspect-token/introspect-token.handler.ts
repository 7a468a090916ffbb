import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthError } from '../../../domain/errors/auth.error.js';
import { SigningKeyUnavailableError } from '../../../domain/errors/signing-key-unavailable.error.js';
import { StorageUnavailableError } from '../../../domain/errors/storage-unavailable.error.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { IntrospectionResult } from '../../dtos/introspection-result.dto.js';
import { PublicUser } from '../../dtos/public-user.dto.js';
import { AccessTokenValidator } from '../../services/access-token-validator.service.js';
import { asStorageError } from '../../services/error-description.js';
import { IntrospectTokenQuery } from './introspect-token.query.js';

/**
 * Same rules as the guard. Any unusable token is just `{ active: false }` (RFC 7662 §2.2: no
 * reason is given), but a storage outage is an error, never a false "inactive" or "active". The
 * answer describes the user as stored (status, creation, verified email: facts no token carries),
 * so an active answer costs one user read; the guard itself reads nothing.
 */
@QueryHandler(IntrospectTokenQuery)
export class IntrospectTokenHandler implements IQueryHandler<IntrospectTokenQuery> {
  constructor(
    private readonly validator: AccessTokenValidator,
    private readonly users: UserRepository,
  ) {}

  async execute(query: IntrospectTokenQuery): Promise<IntrospectionResult> {
    try {
      const { claims } = await this.validator.validate(query.token);
      let user;
      try {
        user = await this.users.findById(claims.sub);
      } catch (error) {
        throw asStorageError(error);
      }
      if (user === null) return IntrospectionResult.inactive();
      return IntrospectionResult.active({
        sub: claims.sub,
        username: user.username,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        sid: claims.sid,
        iss: claims.iss,
        aud: claims.aud,
        roles: user.roles,
        user: new PublicUser(
          user.id,
          user.username,
          user.email,
          user.isActive,
          user.roles,
          user.createdAt,
          user.emailVerified,
        ),
      });
    } catch (error) {
      // Not a verdict on the token: this instance could not decide (storage, or a signing key it
      // cannot open), so it answers 503 rather than a false "inactive".
      if (
        error instanceof AuthError &&
        !(error instanceof StorageUnavailableError) &&
        !(error instanceof SigningKeyUnavailableError)
      ) {
        return IntrospectionResult.inactive();
      }
      throw error;
    }
  }
}
