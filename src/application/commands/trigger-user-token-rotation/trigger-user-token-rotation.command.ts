import { Command } from '@nestjs/cqrs';
import type { UserRotationResult } from '../../dtos/user-rotation-result.dto.js';

/** Rotates one user's token version: all of the user's tokens stop working at once. */
export class TriggerUserTokenRotationCommand extends Command<UserRotationResult> {
  constructor(
    public readonly userId: string,
    public readonly reason?: string,
    /** User id of the admin, or undefined for a system/CLI rotation. */
    public readonly rotatedBy?: string,
    /** Correlation id of the HTTP request (`X-Request-Id`), recorded in the audit trail. */
    public readonly requestId?: string,
  ) {
    super();
  }
}
