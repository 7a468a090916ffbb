import { Injectable } from '@nestjs/common';
import { SsfStream } from '../../domain/entities/ssf-stream.entity.js';
import { SsfStreamNotFoundError } from '../../domain/errors/ssf-stream-not-found.error.js';
import { SsfEventRepository } from '../../domain/ports/ssf-event.repository.js';
import { SsfStreamRepository } from '../../domain/ports/ssf-stream.repository.js';
import { AuthConfig } from '../auth-config.js';
import { SsfStreamView } from '../dtos/ssf-stream-view.dto.js';
import { SSF_EVENT_TYPES } from './security-event-token.service.js';

/** A stream no poll or management call has touched for this long is forgotten (30 days). */
export const SSF_STREAM_INACTIVITY_TIMEOUT_SECONDS = 30 * 86_400;

/** An undelivered SET is kept this long (7 days), then dropped even if never acknowledged. */
export const SSF_EVENT_RETENTION_SECONDS = 7 * 86_400;

/** Streams one receiver (client id) may have at once. */
export const SSF_MAX_STREAMS_PER_RECEIVER = 10;

/** The event types a stream can carry; verification is sent on request whatever the stream asks. */
export const SSF_EVENTS_SUPPORTED: readonly string[] = [
  SSF_EVENT_TYPES.sessionRevoked,
  SSF_EVENT_TYPES.credentialChange,
  SSF_EVENT_TYPES.tokenClaimsChange,
  SSF_EVENT_TYPES.accountDisabled,
  SSF_EVENT_TYPES.accountEnabled,
];

/** A stream's expiry is pushed forward at most this often (one write per hour, not per poll). */
const TOUCH_EVERY_MS = 3_600_000;

/**
 * What every SSF use case shares: finding a stream the caller owns (another receiver's answers as
 * an unknown one), keeping it alive on activity (SSF 1.0 §8.1.1 `inactivity_timeout`), and its view.
 */
@Injectable()
export class SsfStreams {
  constructor(
    private readonly config: AuthConfig,
    private readonly streams: SsfStreamRepository,
    private readonly events: SsfEventRepository,
  ) {}

  /** The receiver's live stream `streamId`, or `SsfStreamNotFoundError`. */
  async owned(
    clientId: string,
    streamId: string,
    now: Date,
  ): Promise<SsfStream> {
    const stream = await this.streams.findById(streamId, now);
    if (stream === null || stream.clientId !== clientId) {
      throw new SsfStreamNotFoundError();
    }
    return stream;
  }

  /** Stores the stream with a fresh inactivity deadline. */
  async save(stream: SsfStream, now: Date): Promise<SsfStream> {
    const saved = new SsfStream({ ...stream, expiresAt: this.deadline(now) });
    await this.streams.save(saved);
    return saved;
  }

  /** Receiver activity: the deadline moves forward (stored at most once an hour). */
  async touch(stream: SsfStream, now: Date): Promise<SsfStream> {
    const gained = this.deadline(now).getTime() - stream.expiresAt.getTime();
    if (gained < TOUCH_EVERY_MS) return stream;
    return this.save(stream, now);
  }

  /** Deletes the stream and every SET still queued on it. */
  async remove(stream: SsfStream): Promise<void> {
    await this.streams.remove(stream.id);
    await this.events.removeStream(stream.id);
  }

  view(stream: SsfStream): SsfStreamView {
    return new SsfStreamView(
      stream.id,
      this.config.issuer,
      stream.clientId,
      SSF_EVENTS_SUPPORTED,
      stream.eventsRequested,
      eventsDelivered(stream),
      stream.description,
      stream.status,
      stream.statusReason,
      SSF_STREAM_INACTIVITY_TIMEOUT_SECONDS,
    );
  }

  private deadline(now: Date): Date {
    return new Date(
      now.getTime() + SSF_STREAM_INACTIVITY_TIMEOUT_SECONDS * 1000,
    );
  }
}

/** The supported types the stream asked for, in the transmitter's order. */
export function eventsDelivered(stream: SsfStream): string[] {
  return SSF_EVENTS_SUPPORTED.filter((type) =>
    stream.eventsRequested.includes(type),
  );
}
