import { Command } from '@nestjs/cqrs';

/** Logs one session out: its refresh token and every access token issued from it stop working. */
export class RevokeSessionCommand extends Command<void> {
  constructor(
    public readonly userId: string,
    public readonly sessionId: string,
  ) {
    super();
  }
}
