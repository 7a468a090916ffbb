import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** An undelivered SET as stored (`_id` is `<streamId>:<jti>`). */
export interface SsfEventDocument {
  _id: string;
  streamId: string;
  jti: string;
  set: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt`. */
export const SSF_EVENT_TTL_INDEX = 'ssf_events_expiry';

/** Schema of the SET queue collection (`<prefix>ssf_events`). */
export const SsfEventSchema = hardenSchema(
  new Schema<SsfEventDocument>(
    {
      _id: { type: String, required: true },
      streamId: { type: String, required: true },
      jti: { type: String, required: true },
      set: { type: String, required: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// A poll: the stream's SETs, oldest first.
SsfEventSchema.index({ streamId: 1, createdAt: 1, jti: 1 });
