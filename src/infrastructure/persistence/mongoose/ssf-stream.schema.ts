import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** An SSF stream as stored. */
export interface SsfStreamDocument {
  _id: string;
  clientId: string;
  eventsRequested: string[];
  status: 'enabled' | 'paused' | 'disabled';
  statusReason?: string | null;
  description: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt`. */
export const SSF_STREAM_TTL_INDEX = 'ssf_streams_expiry';

/** Schema of the streams collection (`<prefix>ssf_streams`). */
export const SsfStreamSchema = hardenSchema(
  new Schema<SsfStreamDocument>(
    {
      _id: { type: String, required: true },
      clientId: { type: String, required: true },
      eventsRequested: { type: [String], required: true },
      status: {
        type: String,
        required: true,
        enum: ['enabled', 'paused', 'disabled'],
      },
      statusReason: { type: String, default: null },
      description: { type: String, default: null },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

SsfStreamSchema.index({ clientId: 1, createdAt: 1 });
