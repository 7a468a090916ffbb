import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { SigningAlgorithm } from '../../../domain/entities/signing-key-ring.entity.js';
import type { SigningKeyRotationResult } from '../../dtos/signing-key-rotation-result.dto.js';

/**
 * Makes a fresh signing key (of the configured algorithm) the active one. The previous key keeps
 * verifying the tokens it signed until they expire, unless `revokePrevious` (a key may have
 * leaked): then every older key stops verifying at once, on every instance within the poll bound,
 * and its holders must refresh.
 */
export class TriggerSigningKeyRotationCommand extends Command<SigningKeyRotationResult> {
  constructor(
    /** Who rotates (an admin's user id; none for a system/CLI rotation), why, in which request. */
    public readonly audit: AuditContext = {},
    public readonly revokePrevious: boolean = false,
    /** Algorithm of the new key; default the configured `signing.algorithm`. */
    public readonly algorithm?: SigningAlgorithm,
  ) {
    super();
  }
}
