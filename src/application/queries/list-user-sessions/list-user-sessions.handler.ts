import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { SessionView } from '../../dtos/session-view.dto.js';
import {
  ListUserSessionsQuery,
  MAX_LISTED_SESSIONS,
} from './list-user-sessions.query.js';

/** Reads storage: a session ended on another instance is gone from the list at once. */
@QueryHandler(ListUserSessionsQuery)
export class ListUserSessionsHandler implements IQueryHandler<ListUserSessionsQuery> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(query: ListUserSessionsQuery): Promise<SessionView[]> {
    if (
      query.requireUser &&
      (await this.users.findById(query.userId)) === null
    ) {
      throw new UserNotFoundError();
    }
    const sessions = await this.sessions.listActiveForUser(
      query.userId,
      this.clock.now(),
      MAX_LISTED_SESSIONS,
    );
    return sessions.map((session) => SessionView.fromSession(session));
  }
}
