import { Command } from '@nestjs/cqrs';
import type { GlobalRotationResult } from '../../dtos/global-rotation-result.dto.js';

/**
 * Rotates the global token version. Tokens of the previous version keep working for
 * `gracePeriodSeconds` (default: the configured grace period); older ones stop at once.
 */
export class TriggerGlobalTokenRotationCommand extends Command<GlobalRotationResult> {
  constructor(
    public readonly gracePeriodSeconds?: number,
    public readonly reason?: string,
    /** User id of the admin, or undefined for a system/CLI rotation. */
    public readonly rotatedBy?: string,
    /** Correlation id of the HTTP request (`X-Request-Id`), recorded in the audit trail. */
    public readonly requestId?: string,
    /**
     * Also make a fresh signing key active (the previous one verifies until its tokens expire),
     * e.g. when rotating because a key may be exposed. Default false.
     */
    public readonly rotateSigningKey: boolean = false,
  ) {
    super();
  }
}
