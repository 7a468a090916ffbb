import { trusted, type Model } from 'mongoose';
import {
  SigningKeyRing,
  type SigningKey,
} from '../../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyRepository } from '../../../domain/ports/signing-key.repository.js';
import {
  SigningKeyRingSchema,
  SIGNING_KEY_RING_ID,
  type SigningKeyEntryDocument,
  type SigningKeyRingDocument,
} from './signing-key.schema.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';

/**
 * The signing-key ring as one document under a fixed `_id`. Rotations replace it whole with a
 * compare-and-swap on `version` (one atomic single-document update), and the poll asks only for a
 * document whose version differs from the one held, so an unchanged ring costs no transfer.
 */
export class MongooseSigningKeyRepository extends SigningKeyRepository {
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = SigningKeyRingSchema;

  constructor(private readonly rings: Model<SigningKeyRingDocument>) {
    super();
  }

  async load(): Promise<SigningKeyRing | null> {
    const doc = await storageOperation(() =>
      this.rings.findById(SIGNING_KEY_RING_ID).lean<SigningKeyRingDocument>(),
    );
    return doc === null ? null : toDomain(doc);
  }

  async loadIfChanged(knownVersion: number): Promise<SigningKeyRing | null> {
    const doc = await storageOperation(() =>
      this.rings
        .findOne({
          _id: SIGNING_KEY_RING_ID,
          version: trusted({ $ne: Number(knownVersion) }),
        })
        .lean<SigningKeyRingDocument>(),
    );
    return doc === null ? null : toDomain(doc);
  }

  async create(ring: SigningKeyRing): Promise<boolean> {
    try {
      await storageOperation(() =>
        this.rings.create({
          _id: SIGNING_KEY_RING_ID,
          version: ring.version,
          keys: ring.keys.map(toDocument),
        }),
      );
      return true;
    } catch (error) {
      // Another instance created the ring first: the caller loads that one.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async replace(
    ring: SigningKeyRing,
    expectedVersion: number,
  ): Promise<boolean> {
    const result = await storageOperation(() =>
      this.rings.updateOne(
        { _id: SIGNING_KEY_RING_ID, version: Number(expectedVersion) },
        { $set: { version: ring.version, keys: ring.keys.map(toDocument) } },
      ),
    );
    return result.matchedCount === 1;
  }
}

function toDocument(key: SigningKey): SigningKeyEntryDocument {
  return {
    kid: key.kid,
    algorithm: key.algorithm,
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
    revokedAt: key.revokedAt,
    verifiesUntil: key.verifiesUntil,
    publicJwk: key.publicJwk === null ? null : { ...key.publicJwk },
    sealedPrivateKey: key.sealedPrivateKey,
  };
}

function toDomain(doc: SigningKeyRingDocument): SigningKeyRing {
  return new SigningKeyRing(
    doc.version,
    doc.keys.map((k) => ({
      kid: k.kid,
      algorithm: k.algorithm,
      createdAt: new Date(k.createdAt),
      retiredAt: k.retiredAt == null ? null : new Date(k.retiredAt),
      revokedAt: k.revokedAt == null ? null : new Date(k.revokedAt),
      // Absent in rings stored before it was kept: the reader then falls back to its own window.
      verifiesUntil: k.verifiesUntil == null ? null : new Date(k.verifiesUntil),
      publicJwk: k.publicJwk ?? null,
      sealedPrivateKey: k.sealedPrivateKey ?? null,
    })),
  );
}
