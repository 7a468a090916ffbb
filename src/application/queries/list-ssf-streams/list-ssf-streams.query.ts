import { Query } from '@nestjs/cqrs';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';

/** SSF 1.0 §8.1.1.2: one stream of the receiver (`streamId`), or all of them (null). */
export class ListSsfStreamsQuery extends Query<SsfStreamView[]> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string | null,
  ) {
    super();
  }
}
