import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PasskeyNotFoundError } from '../../../domain/errors/passkey-not-found.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { PasskeyRemovedEvent } from '../../events/passkey-removed.event.js';
import { AuditTrail } from '../../services/audit-trail.service.js';
import { DeletePasskeyCommand } from './delete-passkey.command.js';

/** The repository deletes by id AND owner, so another user's passkey is untouched and a 404. */
@CommandHandler(DeletePasskeyCommand)
export class DeletePasskeyHandler implements ICommandHandler<DeletePasskeyCommand> {
  constructor(
    private readonly credentials: WebAuthnCredentialRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async execute(command: DeletePasskeyCommand): Promise<void> {
    if (!(await this.credentials.delete(command.credentialId, command.userId)))
      throw new PasskeyNotFoundError();
    await this.audit.publish(
      new PasskeyRemovedEvent(
        command.userId,
        command.credentialId,
        { actorId: command.userId, ...command.audit },
        this.clock.now(),
      ),
    );
  }
}
