import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A TOTP factor as stored: the `TotpFactor` with `_id` for its user's id. */
export interface TotpFactorDocument {
  _id: string;
  sealedSecret: string;
  confirmedAt: Date | null;
  lastStep: number;
  recoveryCodeHashes: string[];
  createdAt: Date;
}

/** Schema of the TOTP factor collection (`<prefix>totp_factors`), one document per user. */
export const TotpFactorSchema = hardenSchema(
  new Schema<TotpFactorDocument>(
    {
      _id: { type: String, required: true },
      sealedSecret: { type: String, required: true },
      confirmedAt: { type: Date, default: null },
      lastStep: { type: Number, required: true },
      recoveryCodeHashes: { type: [String], default: [] },
      createdAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
