import type { SsfEvent } from '../entities/ssf-event.entity.js';

/** One poll's answer (RFC 8936 §2.4). */
export interface SsfPollResult {
  readonly events: SsfEvent[];
  readonly moreAvailable: boolean;
}

/** Port: undelivered SETs per stream; an acknowledged SET is deleted. */
export abstract class SsfEventRepository {
  abstract enqueue(event: SsfEvent): Promise<void>;
  /** Up to `maxEvents` unexpired SETs of the stream, oldest first. */
  abstract poll(
    streamId: string,
    maxEvents: number,
    now: Date,
  ): Promise<SsfPollResult>;
  /** Deletes the acknowledged SETs of this stream (unknown jtis are ignored). */
  abstract acknowledge(
    streamId: string,
    jtis: readonly string[],
  ): Promise<void>;
  /** Deletes every SET of a deleted stream. */
  abstract removeStream(streamId: string): Promise<void>;
}
