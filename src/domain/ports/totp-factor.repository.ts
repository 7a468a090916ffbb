import type { TotpFactor } from '../entities/totp-factor.entity.js';

/**
 * Port: users' TOTP factors, one per user. The writes that race are single conditional updates in
 * every adapter, so what holds on one instance holds across any number of them: a time step is
 * accepted once (`acceptStep`, `confirm`), a recovery code is used once (`useRecoveryCode`), and
 * an enrolment never replaces a confirmed factor (`savePending`).
 */
export abstract class TotpFactorRepository {
  /** The user's factor, confirmed or pending; null if none. */
  abstract findByUser(userId: string): Promise<TotpFactor | null>;
  /**
   * Stores an unconfirmed factor, replacing an unconfirmed one of the same user: false (nothing
   * changed) when the user has a confirmed factor.
   */
  abstract savePending(factor: TotpFactor): Promise<boolean>;
  /**
   * Confirms the user's pending factor with a code of time step `step`, storing its recovery
   * codes: true for the one caller that did (false if confirmed already, none, or step not new).
   */
  abstract confirm(
    userId: string,
    step: number,
    confirmedAt: Date,
    recoveryCodeHashes: readonly string[],
  ): Promise<boolean>;
  /**
   * Records that a code of time step `step` was accepted, if `step` is later than the last one
   * accepted: true once per step, so a code (or an earlier one) is never accepted twice.
   */
  abstract acceptStep(userId: string, step: number): Promise<boolean>;
  /** Removes `hash` from the confirmed factor's recovery codes: true for the one caller that did. */
  abstract useRecoveryCode(userId: string, hash: string): Promise<boolean>;
  /** Replaces the confirmed factor's recovery codes (the old ones stop working): false if none. */
  abstract replaceRecoveryCodes(
    userId: string,
    hashes: readonly string[],
  ): Promise<boolean>;
  /** Removes the user's factor and its recovery codes: true if there was one. */
  abstract delete(userId: string): Promise<boolean>;
}
