import type { SigningKeyRotationResult } from './signing-key-rotation-result.dto.js';

/** The outcome of a global token rotation. */
export class GlobalRotationResult {
  constructor(
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly gracePeriodSeconds: number,
    readonly graceEndsAt: Date,
    /** The signing-key rotation done with it, when asked for. */
    readonly signingKey: SigningKeyRotationResult | null = null,
  ) {}
}
