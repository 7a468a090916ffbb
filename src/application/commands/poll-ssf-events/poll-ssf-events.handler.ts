import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SsfEventRepository } from '../../../domain/ports/ssf-event.repository.js';
import { SsfPollResultView } from '../../dtos/ssf-poll-result.dto.js';
import { SsfDeliverySignal } from '../../services/ssf-delivery-signal.service.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import { PollSsfEventsCommand } from './poll-ssf-events.command.js';

/** SETs per poll at most (a larger `maxEvents` gets this many and `moreAvailable`). */
export const SSF_POLL_MAX_EVENTS = 100;

/** Longest a `returnImmediately: false` poll waits for a SET (wall time). */
export const SSF_LONG_POLL_MAX_WAIT_MS = 5_000;

/** How often a waiting poll looks at storage (SETs queued by another instance). */
const STORAGE_CHECK_MS = 250;

/**
 * RFC 8936 poll delivery on the caller's stream. Acknowledged SETs (and those reported in
 * `setErrs`) are deleted first, so they are never returned again; then up to `maxEvents` queued
 * SETs, oldest first, are returned without being removed (they stay until acknowledged, so a poll
 * whose answer is lost loses nothing). A paused stream returns none (they are held); a long poll
 * waits up to `SSF_LONG_POLL_MAX_WAIT_MS`, woken at once by a SET queued on this instance.
 */
@CommandHandler(PollSsfEventsCommand)
export class PollSsfEventsHandler implements ICommandHandler<PollSsfEventsCommand> {
  private readonly logger = new Logger('Tokenward');

  constructor(
    private readonly access: SsfStreams,
    private readonly events: SsfEventRepository,
    private readonly signal: SsfDeliverySignal,
    private readonly clock: Clock,
  ) {}

  async execute(command: PollSsfEventsCommand): Promise<SsfPollResultView> {
    const now = this.clock.now();
    const stream = await this.access.touch(
      await this.access.owned(command.clientId, command.streamId, now),
      now,
    );
    const failed = Object.entries(command.setErrs);
    for (const [jti, error] of failed) {
      // The code only: the description is the receiver's free text.
      this.logger.warn(
        `SSF receiver ${stream.clientId} could not process SET ${jti}: ${error.err}`,
      );
    }
    await this.events.acknowledge(stream.id, [
      ...command.ack,
      ...failed.map(([jti]) => jti),
    ]);
    const max = Math.min(
      command.maxEvents ?? SSF_POLL_MAX_EVENTS,
      SSF_POLL_MAX_EVENTS,
    );
    if (max === 0 || stream.status !== 'enabled') {
      return new SsfPollResultView([], false);
    }
    const deadline = Date.now() + SSF_LONG_POLL_MAX_WAIT_MS;
    for (;;) {
      const result = await this.events.poll(stream.id, max, this.clock.now());
      const remaining = deadline - Date.now();
      if (
        result.events.length > 0 ||
        command.returnImmediately ||
        remaining <= 0
      ) {
        return new SsfPollResultView(
          result.events.map((e) => ({ jti: e.jti, set: e.set })),
          result.moreAvailable,
        );
      }
      await this.signal.wait(stream.id, Math.min(remaining, STORAGE_CHECK_MS));
    }
  }
}
