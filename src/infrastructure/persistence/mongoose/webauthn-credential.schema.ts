import { Schema } from 'mongoose';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A passkey as stored: the `WebAuthnCredential` with `_id` for its credential id. */
export interface WebAuthnCredentialDocument {
  _id: string;
  userId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Schema of the passkey collection (`<prefix>webauthn_credentials`). */
export const WebAuthnCredentialSchema = hardenSchema(
  new Schema<WebAuthnCredentialDocument>(
    {
      _id: { type: String, required: true },
      userId: { type: String, required: true },
      publicKey: { type: String, required: true },
      signCount: { type: Number, required: true },
      transports: { type: [String], default: [] },
      name: { type: String, required: true },
      createdAt: { type: Date, required: true },
      lastUsedAt: { type: Date, default: null },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
// Login asks "does this user have one?" and the owner lists theirs: by user, oldest first.
WebAuthnCredentialSchema.index(
  { userId: 1, createdAt: 1 },
  { name: 'tokenward_webauthn_credentials_user' },
);
