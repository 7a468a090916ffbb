import type { GlobalRotationState } from '../../domain/entities/global-rotation-state.entity.js';

/** The global rotation state as admins see it. */
export class GlobalRotationView {
  constructor(
    readonly version: number,
    readonly previousVersion: number | null,
    readonly rotatedAt: Date | null,
    readonly graceEndsAt: Date | null,
    readonly reason: string | null,
  ) {}

  static fromState(state: GlobalRotationState): GlobalRotationView {
    return new GlobalRotationView(
      state.version,
      state.previousVersion > 0 ? state.previousVersion : null,
      state.rotatedAt,
      state.graceEndsAt,
      state.reason,
    );
  }
}
