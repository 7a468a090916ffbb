import { Schema } from 'mongoose';
import {
  WEBAUTHN_CEREMONIES,
  type WebAuthnCeremony,
} from '../../../domain/entities/webauthn-challenge.entity.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A challenge as stored: `_id` is the SHA-256 of the challenge (never the challenge itself). */
export interface WebAuthnChallengeDocument {
  _id: string;
  ceremony: WebAuthnCeremony;
  userId: string | null;
  createdAt: Date;
  /** A TTL index removes the document after it, where the server enforces TTLs. */
  expiresAt: Date;
}

/** Name of the TTL index on `expiresAt`. */
export const WEBAUTHN_CHALLENGE_TTL_INDEX = 'tokenward_webauthn_challenges_ttl';

/** Schema of the challenge collection (`<prefix>webauthn_challenges`). */
export const WebAuthnChallengeSchema = hardenSchema(
  new Schema<WebAuthnChallengeDocument>(
    {
      _id: { type: String, required: true },
      ceremony: { type: String, required: true, enum: WEBAUTHN_CEREMONIES },
      userId: { type: String, default: null },
      createdAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);
