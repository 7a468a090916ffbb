import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** `_id` of the one document holding the global rotation state. */
export const GLOBAL_ROTATION_STATE_ID = 'global';

/** The global rotation state as stored (`GlobalRotationState` under a fixed `_id`). */
export interface RotationStateDocument {
  _id: string;
  version: number;
  previousVersion: number;
  rotatedAt: Date | null;
  graceEndsAt: Date | null;
  reason: string | null;
  rotatedBy: string | null;
}

/** Schema of the rotation-state collection (`<prefix>rotation_state`, one document). */
export const RotationStateSchema = hardenSchema(
  new Schema<RotationStateDocument>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      previousVersion: { type: Number, required: true },
      rotatedAt: { type: Date, default: null },
      graceEndsAt: { type: Date, default: null },
      reason: { type: String, default: null },
      rotatedBy: { type: String, default: null },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
