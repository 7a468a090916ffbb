import { Schema } from 'mongoose';
import type { SigningAlgorithm } from '../../../domain/entities/signing-key-ring.entity.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** `_id` of the one document holding the signing-key ring. */
export const SIGNING_KEY_RING_ID = 'ring';

/** One key inside the ring document. Private keys are stored sealed only. */
export interface SigningKeyEntryDocument {
  kid: string;
  algorithm: SigningAlgorithm;
  createdAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
  /** Absent in documents written before it was stored. */
  verifiesUntil?: Date | null;
  publicJwk: Record<string, string> | null;
  sealedPrivateKey: string | null;
}

/** The ring as stored: one document, replaced as a whole by compare-and-swap on `version`. */
export interface SigningKeyRingDocument {
  _id: string;
  version: number;
  keys: SigningKeyEntryDocument[];
}

const EntrySchema = new Schema<SigningKeyEntryDocument>(
  {
    kid: { type: String, required: true },
    algorithm: { type: String, required: true },
    createdAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    verifiesUntil: { type: Date, default: null },
    publicJwk: { type: Schema.Types.Mixed, default: null },
    sealedPrivateKey: { type: String, default: null },
  },
  { _id: false },
);

/** Schema of the signing-key collection (`<prefix>signing_keys`, one document). */
export const SigningKeyRingSchema = hardenSchema(
  new Schema<SigningKeyRingDocument>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      keys: { type: [EntrySchema], required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
