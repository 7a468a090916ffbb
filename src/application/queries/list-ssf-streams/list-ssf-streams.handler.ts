import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SsfStreamRepository } from '../../../domain/ports/ssf-stream.repository.js';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import { ListSsfStreamsQuery } from './list-ssf-streams.query.js';

/** The caller's streams only: a given id of another receiver's stream is 404, like an unknown one. */
@QueryHandler(ListSsfStreamsQuery)
export class ListSsfStreamsHandler implements IQueryHandler<ListSsfStreamsQuery> {
  constructor(
    private readonly streams: SsfStreamRepository,
    private readonly access: SsfStreams,
    private readonly clock: Clock,
  ) {}

  async execute(query: ListSsfStreamsQuery): Promise<SsfStreamView[]> {
    const now = this.clock.now();
    if (query.streamId === null) {
      const mine = await this.streams.findByClient(query.clientId, now);
      return mine.map((s) => this.access.view(s));
    }
    const stream = await this.access.owned(query.clientId, query.streamId, now);
    return [this.access.view(stream)];
  }
}
