import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { TotpFactor } from '../../domain/entities/totp-factor.entity.js';
import { InvalidMfaCodeError } from '../../domain/errors/invalid-mfa-code.error.js';
import { TooManyAttemptsError } from '../../domain/errors/too-many-attempts.error.js';
import { TotpNotEnabledError } from '../../domain/errors/totp-not-enabled.error.js';
import { Clock } from '../../domain/ports/clock.js';
import { LoginAttemptRepository } from '../../domain/ports/login-attempt.repository.js';
import { SecretSealer } from '../../domain/ports/secret-sealer.js';
import { TotpAlgorithm } from '../../domain/ports/totp-algorithm.js';
import { TotpFactorRepository } from '../../domain/ports/totp-factor.repository.js';
import { AuthConfig } from '../auth-config.js';
import { attemptKey } from './attempt-key.js';

/** Recovery codes handed out at confirmation and at each regeneration. */
export const RECOVERY_CODE_COUNT = 10;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh set of recovery codes, and what storage keeps of them. */
export interface RecoveryCodeSet {
  /** `XXXX-XXXX-XXXX-XXXX` (80 random bits each), shown to the user once. */
  readonly codes: string[];
  /** Their SHA-256s, as `TotpFactorRepository` stores them. */
  readonly hashes: string[];
}

/**
 * Checks second-factor codes of a user's TOTP factor. Every check takes an attempt on the user's
 * MFA counter (`mfa:<userId>`, the `loginLockout` policy, a counter of its own beside the
 * password's) **before** the code is looked at, so guesses are bounded on any number of instances;
 * a code that verifies clears it. A code is accepted once: the factor's `lastStep` moves forward
 * in one conditional update, so a replay (here or on another instance) fails like a wrong code.
 */
@Injectable()
export class TotpCodeCheck {
  constructor(
    private readonly config: AuthConfig,
    private readonly factors: TotpFactorRepository,
    private readonly attempts: LoginAttemptRepository,
    private readonly algorithm: TotpAlgorithm,
    private readonly sealer: SecretSealer,
    private readonly clock: Clock,
  ) {}

  /** The user's confirmed factor; `TotpNotEnabledError` when none. */
  async confirmedFactor(userId: string): Promise<TotpFactor> {
    const factor = await this.factors.findByUser(userId);
    if (factor === null || !factor.isConfirmed) throw new TotpNotEnabledError();
    return factor;
  }

  /**
   * The time step `code` matches for `factor` (pending or confirmed), after an attempt is taken;
   * `InvalidMfaCodeError` when it matches none or was used already. Does not record the step.
   */
  async matchStep(factor: TotpFactor, code: string): Promise<number> {
    await this.reserve(factor.userId);
    const secret = this.sealer.open(factor.sealedSecret, factor.userId);
    const step = this.algorithm.matchStep(secret, code, this.clock.now());
    if (step === null || step <= factor.lastStep)
      throw new InvalidMfaCodeError();
    return step;
  }

  /** A current code of the user's confirmed factor, accepted once; the counter then clears. */
  async verifyCode(userId: string, code: string): Promise<void> {
    const factor = await this.confirmedFactor(userId);
    const step = await this.matchStep(factor, code);
    if (!(await this.factors.acceptStep(userId, step)))
      throw new InvalidMfaCodeError();
    await this.succeeded(userId);
  }

  /** Uses one of the user's recovery codes up; how many are left. */
  async useRecoveryCode(userId: string, code: string): Promise<number> {
    const factor = await this.confirmedFactor(userId);
    await this.reserve(userId);
    const presented = Buffer.from(recoveryCodeHash(userId, code), 'hex');
    // Constant time over the whole list: which code matched (or none) is not timed out.
    let match: string | null = null;
    for (const stored of factor.recoveryCodeHashes) {
      const candidate = Buffer.from(stored, 'hex');
      if (
        candidate.length === presented.length &&
        timingSafeEqual(candidate, presented)
      )
        match = stored;
    }
    if (match === null || !(await this.factors.useRecoveryCode(userId, match)))
      throw new InvalidMfaCodeError();
    await this.succeeded(userId);
    return factor.recoveryCodeHashes.length - 1;
  }

  /** A fresh set of `RECOVERY_CODE_COUNT` codes for `userId`. */
  newRecoveryCodes(userId: string): RecoveryCodeSet {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
      formatRecoveryCode(randomBytes(16)),
    );
    return {
      codes,
      hashes: codes.map((code) => recoveryCodeHash(userId, code)),
    };
  }

  /** Forgets the failures counted on the user's MFA counter. */
  async succeeded(userId: string): Promise<void> {
    if (this.config.loginLockout !== null)
      await this.attempts.clear(mfaAttemptKey(userId));
  }

  private async reserve(userId: string): Promise<void> {
    const policy = this.config.loginLockout;
    if (policy === null) return;
    const now = this.clock.now();
    const reservation = await this.attempts.reserve(
      mfaAttemptKey(userId),
      now,
      policy,
    );
    if (!reservation.granted) {
      throw new TooManyAttemptsError(
        (reservation.lockedUntil.getTime() - now.getTime()) / 1000,
        'Too many wrong codes; try again later',
      );
    }
  }
}

/** The attempt counter of a user's second-factor checks (distinct from the password's). */
export function mfaAttemptKey(userId: string): string {
  return attemptKey(`mfa:${userId}`);
}

/**
 * What storage keeps of a recovery code: SHA-256 over the user id and the code as typed, without
 * case, spaces or dashes. 80 random bits need no slow hash; the user id keeps one user's stored
 * hashes from matching anyone else's codes.
 */
export function recoveryCodeHash(userId: string, code: string): string {
  const normalized = code.replace(/[\s-]/g, '').toUpperCase();
  return createHash('sha256')
    .update(`tokenward/recovery-code/${userId}/${normalized}`, 'utf8')
    .digest('hex');
}

// 16 base32 characters (80 bits) from 16 random bytes (5 bits of each), in groups of four.
function formatRecoveryCode(bytes: Buffer): string {
  const chars = [...bytes].map((byte) => BASE32[byte & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}
