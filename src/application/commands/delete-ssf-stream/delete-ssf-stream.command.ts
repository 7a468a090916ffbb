import { Command } from '@nestjs/cqrs';

/** SSF 1.0 §8.1.1.5: the receiver deletes its stream (and the SETs still queued on it). */
export class DeleteSsfStreamCommand extends Command<void> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string,
  ) {
    super();
  }
}
