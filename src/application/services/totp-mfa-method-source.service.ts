import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  MfaMethodSource,
  type MfaMethod,
} from '../../domain/ports/mfa-method-source.js';
import { TotpFactorRepository } from '../../domain/ports/totp-factor.repository.js';
import { MfaMethodsService } from './mfa-methods.service.js';

/**
 * The TOTP store's contribution to login: a user with a confirmed factor completes a login with
 * `totp`, or with `recovery_code` while unused codes are left. A pending enrolment counts for
 * nothing. Registers itself with `MfaMethodsService` at start-up.
 */
@Injectable()
export class TotpMfaMethodSource
  extends MfaMethodSource
  implements OnModuleInit
{
  constructor(
    private readonly factors: TotpFactorRepository,
    private readonly methods: MfaMethodsService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.methods.register(this);
  }

  async methodsOf(userId: string): Promise<readonly MfaMethod[]> {
    const factor = await this.factors.findByUser(userId);
    if (factor === null || !factor.isConfirmed) return [];
    return factor.recoveryCodeHashes.length > 0
      ? ['totp', 'recovery_code']
      : ['totp'];
  }

  /** Removes the user's TOTP factor and its recovery codes (admin reset). */
  override async reset(userId: string): Promise<void> {
    await this.factors.delete(userId);
  }
}
