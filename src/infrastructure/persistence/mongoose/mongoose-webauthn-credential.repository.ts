import type { Model } from 'mongoose';
import { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';
import { asDate, asText } from './query-safety.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';
import {
  WebAuthnCredentialSchema,
  type WebAuthnCredentialDocument,
} from './webauthn-credential.schema.js';

function toDomain(doc: WebAuthnCredentialDocument): WebAuthnCredential {
  return new WebAuthnCredential({
    id: doc._id,
    userId: doc.userId,
    publicKey: doc.publicKey,
    signCount: doc.signCount,
    transports: doc.transports,
    name: doc.name,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt,
  });
}

/**
 * Passkeys in MongoDB. A use is one conditional `updateOne` on the stored counter, so parallel
 * assertions of one authenticator on any number of instances cannot both be accepted.
 */
export class MongooseWebAuthnCredentialRepository extends WebAuthnCredentialRepository {
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = WebAuthnCredentialSchema;

  constructor(private readonly credentials: Model<WebAuthnCredentialDocument>) {
    super();
  }

  async create(credential: WebAuthnCredential): Promise<boolean> {
    try {
      await storageOperation(() =>
        this.credentials.create({
          _id: credential.id,
          userId: credential.userId,
          publicKey: credential.publicKey,
          signCount: credential.signCount,
          transports: [...credential.transports],
          name: credential.name,
          createdAt: credential.createdAt,
          lastUsedAt: credential.lastUsedAt,
        }),
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async findById(id: string): Promise<WebAuthnCredential | null> {
    const doc = await storageOperation(() =>
      this.credentials
        .findOne({ _id: asText(id) })
        .lean<WebAuthnCredentialDocument>(),
    );
    return doc === null ? null : toDomain(doc);
  }

  async listByUser(userId: string): Promise<WebAuthnCredential[]> {
    const docs = await storageOperation(() =>
      this.credentials
        .find({ userId: asText(userId) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<WebAuthnCredentialDocument[]>(),
    );
    return docs.map(toDomain);
  }

  async recordUse(
    id: string,
    previousCount: number,
    newCount: number,
    usedAt: Date,
  ): Promise<boolean> {
    const result = await storageOperation(() =>
      this.credentials.updateOne(
        { _id: asText(id), signCount: Number(previousCount) },
        { $set: { signCount: Number(newCount), lastUsedAt: asDate(usedAt) } },
      ),
    );
    return result.matchedCount === 1;
  }

  async delete(id: string, userId: string): Promise<boolean> {
    const result = await storageOperation(() =>
      this.credentials.deleteOne({ _id: asText(id), userId: asText(userId) }),
    );
    return result.deletedCount === 1;
  }
}
