import type { GlobalRotationState } from '../entities/global-rotation-state.entity.js';

/** What a global rotation records besides the version increment. */
export interface GlobalRotationRequest {
  readonly now: Date;
  readonly graceEndsAt: Date;
  readonly reason: string | null;
  readonly rotatedBy: string | null;
}

/** Port: the single global rotation document. */
export abstract class RotationStateRepository {
  /** The current state; `GlobalRotationState.initial()` when nothing was ever stored. */
  abstract get(): Promise<GlobalRotationState>;
  /**
   * Atomically increments both `version` and `previousVersion` (so previous = old version) and
   * records the grace window: one O(1) write whatever the number of users or tokens.
   */
  abstract rotate(request: GlobalRotationRequest): Promise<GlobalRotationState>;
}
