import { Schema } from 'mongoose';
import {
  ACCOUNT_TOKEN_PURPOSES,
  type AccountTokenPurpose,
} from '../../../domain/entities/account-token.entity.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** An account token as stored: the `AccountToken` with `_id` for its id (the secret never is). */
export interface AccountTokenDocument {
  _id: string;
  purpose: AccountTokenPurpose;
  userId: string;
  secretHash: string;
  createdAt: Date;
  /** A TTL index removes the document after it, where the server enforces TTLs. */
  expiresAt: Date;
  consumedAt: Date | null;
  passwordVersion: number | null;
  emailNormalized: string | null;
  newEmail: string | null;
}

/** Name of the TTL index on `expiresAt`. */
export const ACCOUNT_TOKEN_TTL_INDEX = 'tokenward_account_tokens_ttl';

/** Schema of the account-token collection (`<prefix>account_tokens`). */
export const AccountTokenSchema = hardenSchema(
  new Schema<AccountTokenDocument>(
    {
      _id: { type: String, required: true },
      purpose: { type: String, required: true, enum: ACCOUNT_TOKEN_PURPOSES },
      userId: { type: String, required: true },
      secretHash: { type: String, required: true },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      consumedAt: { type: Date, default: null },
      passwordVersion: { type: Number, default: null },
      emailNormalized: { type: String, default: null },
      newEmail: { type: String, default: null },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
// Tokens are found by _id only; the TTL index is created at start-up (see sessions).
