import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SsfStream } from '../../../domain/entities/ssf-stream.entity.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import {
  UpdateSsfStreamCommand,
  type SsfStreamExpectations,
} from './update-ssf-stream.command.js';

/**
 * Updates or replaces the receiver-supplied properties of the caller's stream. Transmitter-supplied
 * ones may be repeated but must match what they were before the change (400 otherwise); another
 * receiver's stream is unknown (404).
 */
@CommandHandler(UpdateSsfStreamCommand)
export class UpdateSsfStreamHandler implements ICommandHandler<UpdateSsfStreamCommand> {
  constructor(
    private readonly access: SsfStreams,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateSsfStreamCommand): Promise<SsfStreamView> {
    const now = this.clock.now();
    const stream = await this.access.owned(
      command.clientId,
      command.streamId,
      now,
    );
    assertMatches(command.expectations, this.access.view(stream));
    const { eventsRequested, description } = command.changes;
    const updated = await this.access.save(
      new SsfStream({
        ...stream,
        eventsRequested:
          eventsRequested !== undefined
            ? [...new Set(eventsRequested)]
            : command.replace
              ? []
              : stream.eventsRequested,
        description:
          description !== undefined
            ? description
            : command.replace
              ? null
              : stream.description,
      }),
      now,
    );
    return this.access.view(updated);
  }
}

function assertMatches(
  expected: SsfStreamExpectations,
  current: SsfStreamView,
): void {
  const wrong: string[] = [];
  if (expected.iss !== undefined && expected.iss !== current.iss)
    wrong.push('iss');
  if (expected.aud !== undefined) {
    const aud =
      typeof expected.aud === 'string' ? [expected.aud] : expected.aud;
    if (!sameSet(aud, [current.aud])) wrong.push('aud');
  }
  if (
    expected.eventsSupported !== undefined &&
    !sameSet(expected.eventsSupported, current.eventsSupported)
  )
    wrong.push('events_supported');
  if (
    expected.eventsDelivered !== undefined &&
    !sameSet(expected.eventsDelivered, current.eventsDelivered)
  )
    wrong.push('events_delivered');
  if (wrong.length > 0) {
    throw new ValidationError(
      `transmitter-supplied properties do not match the stream: ${wrong.join(', ')}`,
    );
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((v) => right.has(v));
}
