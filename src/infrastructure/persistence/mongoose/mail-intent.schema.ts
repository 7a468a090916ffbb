import { Schema } from 'mongoose';
import {
  MAIL_INTENT_KINDS,
  type MailIntentKind,
} from '../../../domain/entities/mail-intent.entity.js';
import { hardenSchema, TOKENWARD_SCHEMA_OPTIONS } from './query-safety.js';

/** A queued mail as stored: what it is about, never its text or a token. */
export interface MailIntentDocument {
  _id: string;
  kind: MailIntentKind;
  userId: string | null;
  email: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  attempts: number;
}

/** Schema of the outbox collection (`<prefix>mail_outbox`). */
export const MailIntentSchema = hardenSchema(
  new Schema<MailIntentDocument>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true, enum: MAIL_INTENT_KINDS },
      userId: { type: String, default: null },
      email: { type: String, default: null },
      createdAt: { type: Date, required: true },
      nextAttemptAt: { type: Date, required: true },
      attempts: { type: Number, required: true },
    },
    TOKENWARD_SCHEMA_OPTIONS,
  ),
);

// The senders' claim: the mail due first.
MailIntentSchema.index({ nextAttemptAt: 1, _id: 1 });
