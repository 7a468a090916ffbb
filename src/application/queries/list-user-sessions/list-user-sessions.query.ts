import { Query } from '@nestjs/cqrs';
import type { SessionView } from '../../dtos/session-view.dto.js';

/** How many sessions a list shows at most (newest first). */
export const MAX_LISTED_SESSIONS = 100;

/** A user's active sessions, newest first (at most `MAX_LISTED_SESSIONS`). */
export class ListUserSessionsQuery extends Query<SessionView[]> {
  constructor(
    public readonly userId: string,
    /** An admin asks about a user by id: an unknown one is 404 `user_not_found`, not an empty list. */
    public readonly requireUser = false,
  ) {
    super();
  }
}
