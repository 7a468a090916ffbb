import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SsfStream } from '../../../domain/entities/ssf-stream.entity.js';
import { SsfStreamLimitError } from '../../../domain/errors/ssf-stream-limit.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { SsfStreamRepository } from '../../../domain/ports/ssf-stream.repository.js';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';
import {
  SSF_MAX_STREAMS_PER_RECEIVER,
  SsfStreams,
} from '../../services/ssf-streams.service.js';
import { CreateSsfStreamCommand } from './create-ssf-stream.command.js';

/**
 * A new stream, enabled, owned by the calling client: a receiver may have several (each gets a
 * new id, SSF 1.0 §8.1.1.1), up to `SSF_MAX_STREAMS_PER_RECEIVER` (then 409).
 */
@CommandHandler(CreateSsfStreamCommand)
export class CreateSsfStreamHandler implements ICommandHandler<CreateSsfStreamCommand> {
  constructor(
    private readonly streams: SsfStreamRepository,
    private readonly access: SsfStreams,
    private readonly clock: Clock,
  ) {}

  async execute(command: CreateSsfStreamCommand): Promise<SsfStreamView> {
    const now = this.clock.now();
    const existing = await this.streams.findByClient(command.clientId, now);
    if (existing.length >= SSF_MAX_STREAMS_PER_RECEIVER) {
      throw new SsfStreamLimitError();
    }
    const stream = await this.access.save(
      new SsfStream({
        id: randomUUID(),
        clientId: command.clientId,
        eventsRequested: [...new Set(command.eventsRequested ?? [])],
        status: 'enabled',
        statusReason: null,
        description: command.description,
        createdAt: now,
        expiresAt: now,
      }),
      now,
    );
    return this.access.view(stream);
  }
}
