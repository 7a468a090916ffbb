import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { UserRotationResult } from '../../dtos/user-rotation-result.dto.js';

/** Rotates one user's token version: all of the user's tokens stop working at once. */
export class TriggerUserTokenRotationCommand extends Command<UserRotationResult> {
  constructor(
    public readonly userId: string,
    /** Who rotates (an admin's user id; none for a system/CLI rotation), why, in which request. */
    public readonly audit: AuditContext = {},
  ) {
    super();
  }
}
