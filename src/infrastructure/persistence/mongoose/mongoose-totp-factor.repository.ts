import { trusted, type Model } from 'mongoose';
import { TotpFactor } from '../../../domain/entities/totp-factor.entity.js';
import { TotpFactorRepository } from '../../../domain/ports/totp-factor.repository.js';
import { asDate, asText } from './query-safety.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';
import {
  TotpFactorSchema,
  type TotpFactorDocument,
} from './totp-factor.schema.js';

function toDomain(doc: TotpFactorDocument): TotpFactor {
  return new TotpFactor({
    userId: doc._id,
    sealedSecret: doc.sealedSecret,
    confirmedAt: doc.confirmedAt,
    lastStep: doc.lastStep,
    recoveryCodeHashes: doc.recoveryCodeHashes,
    createdAt: doc.createdAt,
  });
}

function asStep(value: unknown): number {
  const step = Number(value);
  if (!Number.isSafeInteger(step))
    throw new TypeError('Tokenward repository expected an integer time step');
  return step;
}

/**
 * TOTP factors in MongoDB, one document per user (`_id` is the user id). Every racing write is one
 * conditional update: `lastStep < step` makes a code count once over all instances, `$pull` of a
 * present hash makes a recovery code count once, and an enrolment upsert filtered on
 * `confirmedAt: null` collides on `_id` (duplicate key) instead of replacing a confirmed factor.
 */
export class MongooseTotpFactorRepository extends TotpFactorRepository {
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = TotpFactorSchema;

  constructor(private readonly factors: Model<TotpFactorDocument>) {
    super();
  }

  async findByUser(userId: string): Promise<TotpFactor | null> {
    const doc = await storageOperation(() =>
      this.factors.findOne({ _id: asText(userId) }).lean<TotpFactorDocument>(),
    );
    return doc === null ? null : toDomain(doc);
  }

  async savePending(factor: TotpFactor): Promise<boolean> {
    try {
      await storageOperation(() =>
        this.factors.replaceOne(
          { _id: asText(factor.userId), confirmedAt: null },
          {
            _id: asText(factor.userId),
            sealedSecret: asText(factor.sealedSecret),
            confirmedAt: null,
            lastStep: asStep(factor.lastStep),
            recoveryCodeHashes: factor.recoveryCodeHashes.map(asText),
            createdAt: asDate(factor.createdAt),
          },
          { upsert: true },
        ),
      );
      return true;
    } catch (error) {
      // The filter missed a confirmed factor and the upsert's insert hit its `_id`.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async confirm(
    userId: string,
    step: number,
    confirmedAt: Date,
    recoveryCodeHashes: readonly string[],
  ): Promise<boolean> {
    const result = await storageOperation(() =>
      this.factors.updateOne(
        {
          _id: asText(userId),
          confirmedAt: null,
          lastStep: trusted({ $lt: asStep(step) }),
        },
        {
          $set: {
            confirmedAt: asDate(confirmedAt),
            lastStep: asStep(step),
            recoveryCodeHashes: recoveryCodeHashes.map(asText),
          },
        },
      ),
    );
    return result.matchedCount === 1;
  }

  async acceptStep(userId: string, step: number): Promise<boolean> {
    const result = await storageOperation(() =>
      this.factors.updateOne(
        { _id: asText(userId), lastStep: trusted({ $lt: asStep(step) }) },
        { $set: { lastStep: asStep(step) } },
      ),
    );
    return result.matchedCount === 1;
  }

  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    const result = await storageOperation(() =>
      this.factors.updateOne(
        {
          _id: asText(userId),
          confirmedAt: trusted({ $ne: null }),
          recoveryCodeHashes: asText(hash),
        },
        { $pull: { recoveryCodeHashes: asText(hash) } },
      ),
    );
    return result.modifiedCount === 1;
  }

  async replaceRecoveryCodes(
    userId: string,
    hashes: readonly string[],
  ): Promise<boolean> {
    const result = await storageOperation(() =>
      this.factors.updateOne(
        { _id: asText(userId), confirmedAt: trusted({ $ne: null }) },
        { $set: { recoveryCodeHashes: hashes.map(asText) } },
      ),
    );
    return result.matchedCount === 1;
  }

  async delete(userId: string): Promise<boolean> {
    const result = await storageOperation(() =>
      this.factors.deleteOne({ _id: asText(userId) }),
    );
    return result.deletedCount === 1;
  }
}
