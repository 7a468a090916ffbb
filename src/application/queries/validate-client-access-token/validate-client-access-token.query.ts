import { Query } from '@nestjs/cqrs';
import type { AuthenticatedReceiver } from '../../dtos/authenticated-receiver.dto.js';

/** Verifies a client-credentials bearer token (an SSF receiver's); throws when it is unusable. */
export class ValidateClientAccessTokenQuery extends Query<AuthenticatedReceiver> {
  constructor(public readonly token: string) {
    super();
  }
}
