import { SsfEvent } from '../../../domain/entities/ssf-event.entity.js';
import {
  SsfEventRepository,
  type SsfPollResult,
} from '../../../domain/ports/ssf-event.repository.js';

/** Process-local SET queue (lost on restart, like everything on the memory store). */
export class MemorySsfEventRepository extends SsfEventRepository {
  private readonly byKey = new Map<string, SsfEvent>();

  async enqueue(event: SsfEvent): Promise<void> {
    this.byKey.set(key(event.streamId, event.jti), new SsfEvent(event));
  }

  async poll(
    streamId: string,
    maxEvents: number,
    now: Date,
  ): Promise<SsfPollResult> {
    const due = [...this.byKey.values()]
      .filter(
        (e) => e.streamId === streamId && e.expiresAt.getTime() > now.getTime(),
      )
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() ||
          (a.jti < b.jti ? -1 : 1),
      );
    return {
      events: due.slice(0, maxEvents).map((e) => new SsfEvent(e)),
      moreAvailable: due.length > maxEvents,
    };
  }

  async acknowledge(streamId: string, jtis: readonly string[]): Promise<void> {
    for (const jti of jtis) this.byKey.delete(key(streamId, jti));
  }

  async removeStream(streamId: string): Promise<void> {
    for (const [k, e] of this.byKey)
      if (e.streamId === streamId) this.byKey.delete(k);
  }
}

function key(streamId: string, jti: string): string {
  return `${streamId}\u0000${jti}`;
}
