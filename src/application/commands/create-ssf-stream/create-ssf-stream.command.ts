import { Command } from '@nestjs/cqrs';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';

/** SSF 1.0 §8.1.1.1: a receiver creates a poll-delivered stream. */
export class CreateSsfStreamCommand extends Command<SsfStreamView> {
  constructor(
    /** The receiver (its client-credentials token's client). */
    public readonly clientId: string,
    /** Event type URIs asked for (unknown ones are kept but never delivered); null: none. */
    public readonly eventsRequested: readonly string[] | null,
    public readonly description: string | null,
  ) {
    super();
  }
}
