import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { SsfEvent } from '../../domain/entities/ssf-event.entity.js';
import type { SsfStream } from '../../domain/entities/ssf-stream.entity.js';
import { Clock } from '../../domain/ports/clock.js';
import { SsfEventRepository } from '../../domain/ports/ssf-event.repository.js';
import { SsfStreamRepository } from '../../domain/ports/ssf-stream.repository.js';
import { describeError } from './error-description.js';
import {
  SecurityEventTokenService,
  type SecurityEventInput,
  type SubjectEventInput,
} from './security-event-token.service.js';
import { SsfDeliverySignal } from './ssf-delivery-signal.service.js';
import {
  eventsDelivered,
  SSF_EVENT_RETENTION_SECONDS,
} from './ssf-streams.service.js';

/**
 * Queues signed SETs for the receivers: one SET per stream (its own `jti` and `aud`, SSF 1.0
 * §4.1.5) for every live stream that delivers the event type and is not disabled (a paused
 * stream holds its SETs until it is enabled again, §8.1.2). Stored through `SsfEventRepository`
 * (on MongoDB, shared by every instance and kept across restarts) until acknowledged or
 * `SSF_EVENT_RETENTION_SECONDS` old.
 */
@Injectable()
export class SsfOutbox {
  private readonly logger = new Logger('Tokenward');

  constructor(
    private readonly streams: SsfStreamRepository,
    private readonly events: SsfEventRepository,
    private readonly sets: SecurityEventTokenService,
    private readonly signal: SsfDeliverySignal,
    private readonly clock: Clock,
  ) {}

  /** Fans `inputs` (the SETs of one change, sharing a `txn`) out to every subscribed stream. */
  async publish(
    inputs: ReadonlyArray<SecurityEventInput | SubjectEventInput>,
  ): Promise<void> {
    if (inputs.length === 0) return;
    const txn = randomUUID();
    const live = await this.streams.findLive(this.clock.now());
    for (const stream of live) {
      if (stream.status === 'disabled') continue;
      const delivered = eventsDelivered(stream);
      for (const input of inputs) {
        if (!delivered.includes(input.eventType)) continue;
        const signed =
          'subject' in input
            ? await this.sets.signFor(stream, { ...input, txn })
            : await this.sets.sign(stream, { ...input, txn });
        await this.enqueue(stream, signed.jti, signed.set);
      }
    }
  }

  /** Queues one SET with its own subject on one stream (verification). */
  async publishTo(stream: SsfStream, input: SubjectEventInput): Promise<void> {
    const signed = await this.sets.signFor(stream, input);
    await this.enqueue(stream, signed.jti, signed.set);
  }

  /** Like `publish`, for a caller that must not fail: a failure is logged (no SET content). */
  async publishQuietly(
    inputs: ReadonlyArray<SecurityEventInput | SubjectEventInput>,
  ): Promise<void> {
    try {
      await this.publish(inputs);
    } catch (error) {
      this.logger.error(
        `SSF events not queued (${inputs.map((i) => i.eventType).join(', ')}): ${describeError(error)}`,
      );
    }
  }

  private async enqueue(
    stream: SsfStream,
    jti: string,
    set: string,
  ): Promise<void> {
    const now = this.clock.now();
    await this.events.enqueue(
      new SsfEvent({
        jti,
        streamId: stream.id,
        set,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SSF_EVENT_RETENTION_SECONDS * 1000),
      }),
    );
    this.signal.notify(stream.id);
  }
}
