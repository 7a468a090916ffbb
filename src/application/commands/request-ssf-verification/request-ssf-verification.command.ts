import { Command } from '@nestjs/cqrs';

/** SSF 1.0 §8.1.4.2: the receiver asks for a verification event on its stream. */
export class RequestSsfVerificationCommand extends Command<void> {
  constructor(
    public readonly clientId: string,
    public readonly streamId: string,
    /** Echoed in the event's `state`; null: none. */
    public readonly state: string | null,
  ) {
    super();
  }
}
