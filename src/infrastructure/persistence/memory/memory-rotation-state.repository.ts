import { GlobalRotationState } from '../../../domain/entities/global-rotation-state.entity.js';
import {
  RotationStateRepository,
  type GlobalRotationRequest,
} from '../../../domain/ports/rotation-state.repository.js';

/** Process-local global rotation state. */
export class MemoryRotationStateRepository extends RotationStateRepository {
  private state = GlobalRotationState.initial();

  async get(): Promise<GlobalRotationState> {
    return this.state;
  }

  async rotate(request: GlobalRotationRequest): Promise<GlobalRotationState> {
    this.state = new GlobalRotationState({
      version: this.state.version + 1,
      previousVersion: this.state.previousVersion + 1,
      rotatedAt: request.now,
      graceEndsAt: request.graceEndsAt,
      reason: request.reason,
      rotatedBy: request.rotatedBy,
    });
    return this.state;
  }
}
