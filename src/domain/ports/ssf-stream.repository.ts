import type { SsfStream } from '../entities/ssf-stream.entity.js';

/** Port: the SSF streams of the transmitter (one per receiver client id). */
export abstract class SsfStreamRepository {
  /** Creates or replaces the stream with this id. */
  abstract save(stream: SsfStream): Promise<void>;
  /** The stream, unless unknown or expired at `now`. */
  abstract findById(id: string, now: Date): Promise<SsfStream | null>;
  /** The streams of one receiver that are live at `now`. */
  abstract findByClient(clientId: string, now: Date): Promise<SsfStream[]>;
  /** Every stream live at `now` (events fan out to them). */
  abstract findLive(now: Date): Promise<SsfStream[]>;
  abstract remove(id: string): Promise<void>;
}
