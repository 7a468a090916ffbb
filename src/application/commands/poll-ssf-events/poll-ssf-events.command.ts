import { Command } from '@nestjs/cqrs';
import type { SsfPollResultView } from '../../dtos/ssf-poll-result.dto.js';

/** A SET the receiver could not process (RFC 8936 §2.4.2 `setErrs`). */
export interface SsfSetError {
  readonly err: string;
  readonly description: string;
}

/** RFC 8936 §2.4: acknowledge SETs and/or fetch the next ones of the caller's stream. */
export class PollSsfEventsCommand extends Command<SsfPollResultView> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string,
    /** `jti`s received and processed: deleted, never returned again. */
    public readonly ack: readonly string[],
    /** `jti` -> why it failed: also deleted (it was delivered; the error is logged). */
    public readonly setErrs: Readonly<Record<string, SsfSetError>>,
    /** At most this many SETs (0: acknowledge only); null: the transmitter's default. */
    public readonly maxEvents: number | null,
    /** False: wait (bounded) for a SET when none is queued. */
    public readonly returnImmediately: boolean,
  ) {
    super();
  }
}
