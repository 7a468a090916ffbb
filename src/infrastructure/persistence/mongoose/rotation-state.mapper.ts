import { GlobalRotationState } from '../../../domain/entities/global-rotation-state.entity.js';
import type { RotationStateDocument } from './rotation-state.schema.js';

/** Maps the global rotation state between its entity and its single stored document. */
export class RotationStateMapper {
  static toDomain(doc: RotationStateDocument): GlobalRotationState {
    return new GlobalRotationState({
      version: doc.version,
      previousVersion: doc.previousVersion,
      rotatedAt: doc.rotatedAt ?? null,
      graceEndsAt: doc.graceEndsAt ?? null,
      reason: doc.reason ?? null,
      rotatedBy: doc.rotatedBy ?? null,
    });
  }

  /** The fields of a state to insert; `_id` comes from the upsert's filter. */
  static toInitialFields(
    state: GlobalRotationState,
  ): Omit<RotationStateDocument, '_id'> {
    return {
      version: state.version,
      previousVersion: state.previousVersion,
      rotatedAt: state.rotatedAt,
      graceEndsAt: state.graceEndsAt,
      reason: state.reason,
      rotatedBy: state.rotatedBy,
    };
  }
}
