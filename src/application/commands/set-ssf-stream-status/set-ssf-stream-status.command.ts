import { Command } from '@nestjs/cqrs';
import type { SsfStreamStatus } from '../../../domain/entities/ssf-stream.entity.js';
import type { SsfStreamView } from '../../dtos/ssf-stream-view.dto.js';

/** SSF 1.0 §8.1.2.2: the receiver enables, pauses or disables its stream. */
export class SetSsfStreamStatusCommand extends Command<SsfStreamView> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string,
    public readonly status: SsfStreamStatus,
    public readonly reason: string | null,
  ) {
    super();
  }
}
