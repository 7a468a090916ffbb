import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SsfStreams } from '../../services/ssf-streams.service.js';
import { DeleteSsfStreamCommand } from './delete-ssf-stream.command.js';

/** Deletes the caller's stream; another receiver's (or an unknown) one is 404. */
@CommandHandler(DeleteSsfStreamCommand)
export class DeleteSsfStreamHandler implements ICommandHandler<DeleteSsfStreamCommand> {
  constructor(
    private readonly access: SsfStreams,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeleteSsfStreamCommand): Promise<void> {
    const stream = await this.access.owned(
      command.clientId,
      command.streamId,
      this.clock.now(),
    );
    await this.access.remove(stream);
  }
}
