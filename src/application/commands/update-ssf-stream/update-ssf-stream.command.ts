import { Command } from '@nestjs/cqrs';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';

/** Receiver-supplied properties of a stream (SSF 1.0 §8.1.1). */
export interface SsfStreamChanges {
  readonly eventsRequested?: readonly string[];
  readonly description?: string | null;
}

/** Transmitter-supplied properties a request repeated: they must match (SSF 1.0 §8.1.1.3). */
export interface SsfStreamExpectations {
  readonly iss?: string;
  readonly aud?: string | readonly string[];
  readonly eventsSupported?: readonly string[];
  readonly eventsDelivered?: readonly string[];
}

/**
 * SSF 1.0 §8.1.1.3 (PATCH, `replace` false: absent properties stay) and §8.1.1.4 (PUT, `replace`
 * true: absent receiver-supplied properties are removed).
 */
export class UpdateSsfStreamCommand extends Command<SsfStreamView> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string,
    public readonly changes: SsfStreamChanges,
    public readonly expectations: SsfStreamExpectations,
    public readonly replace: boolean,
  ) {
    super();
  }
}
