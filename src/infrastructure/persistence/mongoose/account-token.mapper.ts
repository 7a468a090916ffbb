import { AccountToken } from '../../../domain/entities/account-token.entity.js';
import type { AccountTokenDocument } from './account-token.schema.js';

/** Maps account tokens between the entity and their stored documents. */
export class AccountTokenMapper {
  static toDomain(doc: AccountTokenDocument): AccountToken {
    return new AccountToken({
      id: doc._id,
      purpose: doc.purpose,
      userId: doc.userId,
      secretHash: doc.secretHash,
      createdAt: doc.createdAt,
      expiresAt: doc.expiresAt,
      consumedAt: doc.consumedAt,
      passwordVersion: doc.passwordVersion,
      emailNormalized: doc.emailNormalized,
      newEmail: doc.newEmail,
    });
  }

  static toPersistence(token: AccountToken): AccountTokenDocument {
    return {
      _id: token.id,
      purpose: token.purpose,
      userId: token.userId,
      secretHash: token.secretHash,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      consumedAt: token.consumedAt,
      passwordVersion: token.passwordVersion,
      emailNormalized: token.emailNormalized,
      newEmail: token.newEmail,
    };
  }
}
