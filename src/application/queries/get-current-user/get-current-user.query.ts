import { Query } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/** The public profile of the authenticated user. */
export class GetCurrentUserQuery extends Query<PublicUser> {
  constructor(public readonly userId: string) {
    super();
  }
}
