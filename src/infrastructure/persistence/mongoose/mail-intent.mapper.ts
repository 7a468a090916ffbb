import { MailIntent } from '../../../domain/entities/mail-intent.entity.js';
import type { MailIntentDocument } from './mail-intent.schema.js';

/** Maps queued mails between the entity and their stored documents. */
export class MailIntentMapper {
  static toDomain(doc: MailIntentDocument): MailIntent {
    return new MailIntent({
      id: doc._id,
      kind: doc.kind,
      userId: doc.userId,
      email: doc.email,
      createdAt: doc.createdAt,
      nextAttemptAt: doc.nextAttemptAt,
      attempts: doc.attempts,
    });
  }

  static toPersistence(intent: MailIntent): MailIntentDocument {
    return {
      _id: intent.id,
      kind: intent.kind,
      userId: intent.userId,
      email: intent.email,
      createdAt: intent.createdAt,
      nextAttemptAt: intent.nextAttemptAt,
      attempts: intent.attempts,
    };
  }
}
