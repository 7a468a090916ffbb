import { Command } from '@nestjs/cqrs';
import type { AuditContext } from '../../../domain/entities/audit-record.entity.js';
import type { GlobalRotationResult } from '../../dtos/global-rotation-result.dto.js';

/**
 * Rotates the global token version. Tokens of the previous version keep working for
 * `gracePeriodSeconds` (default: the configured grace period); older ones stop at once.
 */
export class TriggerGlobalTokenRotationCommand extends Command<GlobalRotationResult> {
  constructor(
    public readonly gracePeriodSeconds?: number,
    /** Who rotates (an admin's user id; none for a system/CLI rotation), why, in which request. */
    public readonly audit: AuditContext = {},
    /**
     * Also make a fresh signing key active (the previous one verifies until its tokens expire),
     * e.g. when rotating because a key may be exposed. Default false.
     */
    public readonly rotateSigningKey: boolean = false,
  ) {
    super();
  }
}
