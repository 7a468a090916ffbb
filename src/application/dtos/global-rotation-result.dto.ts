/** The outcome of a global token rotation. */
export class GlobalRotationResult {
  constructor(
    readonly previousVersion: number,
    readonly newVersion: number,
    readonly gracePeriodSeconds: number,
    readonly graceEndsAt: Date,
  ) {}
}
