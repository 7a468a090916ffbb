import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SsfStream } from '../../../domain/entities/ssf-stream.entity.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SsfEventRepository } from '../../../domain/ports/ssf-event.repository.js';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import { SetSsfStreamStatusCommand } from './set-ssf-stream-status.command.js';

/**
 * Sets the status of the caller's stream. `paused`: SETs are held (queued, not delivered) until
 * `enabled`; `disabled`: nothing is held, so the SETs still queued are dropped (SSF 1.0 §8.1.2).
 */
@CommandHandler(SetSsfStreamStatusCommand)
export class SetSsfStreamStatusHandler implements ICommandHandler<SetSsfStreamStatusCommand> {
  constructor(
    private readonly access: SsfStreams,
    private readonly events: SsfEventRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: SetSsfStreamStatusCommand): Promise<SsfStreamView> {
    const now = this.clock.now();
    const stream = await this.access.owned(
      command.clientId,
      command.streamId,
      now,
    );
    const updated = await this.access.save(
      new SsfStream({
        ...stream,
        status: command.status,
        statusReason: command.reason,
      }),
      now,
    );
    if (command.status === 'disabled')
      await this.events.removeStream(stream.id);
    return this.access.view(updated);
  }
}
