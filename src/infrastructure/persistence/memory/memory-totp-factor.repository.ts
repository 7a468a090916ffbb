import { TotpFactor } from '../../../domain/entities/totp-factor.entity.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';

/** Process-local TOTP factors. Each method checks and writes without yielding (atomic on one thread). */
export class MemoryTotpFactorRepository extends TotpFactorRepository {
  private readonly byUser = new Map<string, TotpFactor>();

  async findByUser(userId: string): Promise<TotpFactor | null> {
    return this.byUser.get(userId) ?? null;
  }

  async savePending(factor: TotpFactor): Promise<boolean> {
    if (this.byUser.get(factor.userId)?.isConfirmed) return false;
    this.byUser.set(
      factor.userId,
      new TotpFactor({ ...factor, confirmedAt: null }),
    );
    return true;
  }

  async confirm(
    userId: string,
    step: number,
    confirmedAt: Date,
    recoveryCodeHashes: readonly string[],
  ): Promise<boolean> {
    const factor = this.byUser.get(userId);
    if (factor === undefined || factor.isConfirmed || step <= factor.lastStep)
      return false;
    this.byUser.set(
      userId,
      new TotpFactor({
        ...factor,
        confirmedAt,
        lastStep: step,
        recoveryCodeHashes,
      }),
    );
    return true;
  }

  async acceptStep(userId: string, step: number): Promise<boolean> {
    const factor = this.byUser.get(userId);
    if (factor === undefined || step <= factor.lastStep) return false;
    this.byUser.set(userId, new TotpFactor({ ...factor, lastStep: step }));
    return true;
  }

  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    const factor = this.byUser.get(userId);
    if (
      factor === undefined ||
      !factor.isConfirmed ||
      !factor.recoveryCodeHashes.includes(hash)
    )
      return false;
    this.byUser.set(
      userId,
      new TotpFactor({
        ...factor,
        recoveryCodeHashes: factor.recoveryCodeHashes.filter((h) => h !== hash),
      }),
    );
    return true;
  }

  async replaceRecoveryCodes(
    userId: string,
    hashes: readonly string[],
  ): Promise<boolean> {
    const factor = this.byUser.get(userId);
    if (factor === undefined || !factor.isConfirmed) return false;
    this.byUser.set(
      userId,
      new TotpFactor({ ...factor, recoveryCodeHashes: hashes }),
    );
    return true;
  }

  async delete(userId: string): Promise<boolean> {
    return this.byUser.delete(userId);
  }
}
