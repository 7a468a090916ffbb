import { Query } from '@nestjs/cqrs';
import type { PublicUser } from '../../dtos/public-user.dto.js';

/** A user by id, email or username (as the CLI is given one); null when none matches. */
export class FindUserQuery extends Query<PublicUser | null> {
  constructor(public readonly identifier: string) {
    super();
  }
}
