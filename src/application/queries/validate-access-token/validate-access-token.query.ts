import { Query } from '@nestjs/cqrs';
import type { VerifiedAccessToken } from '../../dtos/verified-access-token.dto.js';

/** What `JwtAuthGuard` runs for every protected request. */
export class ValidateAccessTokenQuery extends Query<VerifiedAccessToken> {
  constructor(public readonly accessToken: string) {
    super();
  }
}
