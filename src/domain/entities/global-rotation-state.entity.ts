/** The global token version and the grace window of the version before it. */
export interface GlobalRotationStateProps {
  /** Current global version (`gv`); tokens are issued at this version. */
  readonly version: number;
  /** The version before the last rotation (0 before the first rotation: never issued). */
  readonly previousVersion: number;
  readonly rotatedAt: Date | null;
  /** Until when tokens of `previousVersion` are still accepted. */
  readonly graceEndsAt: Date | null;
  readonly reason: string | null;
  /** User id of the admin who rotated, or null for a system/CLI rotation. */
  readonly rotatedBy: string | null;
}

/** Global rotation state: which `gv` values are accepted right now. */
export class GlobalRotationState implements GlobalRotationStateProps {
  readonly version!: number;
  readonly previousVersion!: number;
  readonly rotatedAt!: Date | null;
  readonly graceEndsAt!: Date | null;
  readonly reason!: string | null;
  readonly rotatedBy!: string | null;

  constructor(props: GlobalRotationStateProps) {
    Object.assign(this, props);
  }

  /** The state of a deployment that has never rotated. */
  static initial(): GlobalRotationState {
    return new GlobalRotationState({
      version: 1,
      previousVersion: 0,
      rotatedAt: null,
      graceEndsAt: null,
      reason: null,
      rotatedBy: null,
    });
  }

  /** True while tokens of the previous version are still accepted. */
  isInGraceAt(now: Date): boolean {
    return (
      this.previousVersion > 0 &&
      this.graceEndsAt !== null &&
      now.getTime() < this.graceEndsAt.getTime()
    );
  }

  /**
   * Whether a token issued at global version `gv` is accepted at `now`: the current version,
   * or the previous one inside its grace window. Anything older was cut off by a rotation.
   */
  accepts(gv: number, now: Date): boolean {
    if (gv === this.version) return true;
    return gv === this.previousVersion && this.isInGraceAt(now);
  }
}
