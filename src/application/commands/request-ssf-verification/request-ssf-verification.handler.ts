import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SSF_EVENT_TYPES } from '../../services/security-event-token.service.js';
import { SsfOutbox } from '../../services/ssf-outbox.service.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import { RequestSsfVerificationCommand } from './request-ssf-verification.command.js';

/**
 * Queues a verification SET on the caller's stream, whatever its `events_requested` (SSF 1.0
 * §8.1.4): `sub_id` the stream (`opaque`, its id), `state` echoed. A disabled stream transmits
 * nothing, so none is queued there; a paused one holds it like any other SET.
 */
@CommandHandler(RequestSsfVerificationCommand)
export class RequestSsfVerificationHandler implements ICommandHandler<RequestSsfVerificationCommand> {
  constructor(
    private readonly access: SsfStreams,
    private readonly outbox: SsfOutbox,
    private readonly clock: Clock,
  ) {}

  async execute(command: RequestSsfVerificationCommand): Promise<void> {
    const now = this.clock.now();
    const stream = await this.access.touch(
      await this.access.owned(command.clientId, command.streamId, now),
      now,
    );
    if (stream.status === 'disabled') return;
    await this.outbox.publishTo(stream, {
      eventType: SSF_EVENT_TYPES.verification,
      subject: { format: 'opaque', id: stream.id },
      payload: command.state === null ? {} : { state: command.state },
    });
  }
}
