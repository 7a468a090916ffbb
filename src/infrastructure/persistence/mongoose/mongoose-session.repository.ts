import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model, type QueryFilter } from 'mongoose';
import {
  MAX_REMEMBERED_REFRESH_HASHES,
  type Session,
  type SessionRevocationReason,
} from '../../../domain/entities/session.entity.js';
import {
  SessionRepository,
  type SessionRevocation,
  type SessionRotation,
} from '../../../domain/ports/session.repository.js';
import { asDate, asText } from './query-safety.js';
import { SessionMapper } from './session.mapper.js';
import {
  SessionSchema,
  SESSION_TTL_INDEX,
  type SessionDocument,
} from './session.schema.js';
import { storageOperation } from './storage-errors.js';
import { initWithTtlIndex } from './ttl-index.js';

/**
 * Sessions in MongoDB. Refresh rotation is a compare-and-swap in one `findOneAndUpdate` on the
 * current hash, so of two requests presenting the same refresh token exactly one wins.
 */
export class MongooseSessionRepository
  extends SessionRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = SessionSchema;

  constructor(private readonly sessions: Model<SessionDocument>) {
    super();
  }

  /** Waits for the indexes; the TTL index deletes sessions once their refresh token expired. */
  async onModuleInit(): Promise<void> {
    await initWithTtlIndex(this.sessions, SESSION_TTL_INDEX);
  }

  async create(session: Session): Promise<Session> {
    await storageOperation(() =>
      this.sessions.create(SessionMapper.toPersistence(session)),
    );
    return session;
  }

  async findById(id: string): Promise<Session | null> {
    return this.findOne({ _id: asText(id) });
  }

  async findByRefreshTokenHash(hash: string): Promise<Session | null> {
    return this.findOne({ refreshTokenHash: asText(hash) });
  }

  async findByPreviousRefreshTokenHash(hash: string): Promise<Session | null> {
    return this.findOne({ previousRefreshTokenHashes: asText(hash) });
  }

  async rotate(
    sessionId: string,
    expectedHash: string,
    rotation: SessionRotation,
  ): Promise<Session | null> {
    const expected = asText(expectedHash);
    const changes = {
      refreshTokenHash: asText(rotation.newRefreshTokenHash),
      lastRotatedAt: asDate(rotation.rotatedAt),
      expiresAt: asDate(rotation.expiresAt),
      globalVersion: Number(rotation.globalVersion),
      userVersion: Number(rotation.userVersion),
      lastUsedAt: asDate(rotation.rotatedAt),
      sealedSuccessor: nullableText(rotation.sealedSuccessor ?? null),
      ...(rotation.client === undefined
        ? {}
        : {
            lastUsedIp: nullableText(rotation.client.ip),
            lastUsedUserAgent: nullableText(rotation.client.userAgent),
          }),
    };
    const before = await storageOperation(() =>
      this.sessions
        .findOneAndUpdate(
          // The compare: still this hash and not revoked. Null means another request won.
          {
            _id: asText(sessionId),
            refreshTokenHash: expected,
            revokedAt: null,
          },
          {
            $set: changes,
            // Newest last, bounded: the same history the memory adapter keeps.
            $push: {
              previousRefreshTokenHashes: {
                $each: [expected],
                $slice: -MAX_REMEMBERED_REFRESH_HASHES,
              },
            },
          },
          // See MongooseUserRepository: the state written is derived from the one replaced.
          { returnDocument: 'before' },
        )
        .lean<SessionDocument>(),
    );
    if (before === null) return null;
    return SessionMapper.toDomain({
      ...before,
      ...changes,
      previousRefreshTokenHashes: [
        ...(before.previousRefreshTokenHashes ?? []),
        expected,
      ].slice(-MAX_REMEMBERED_REFRESH_HASHES),
    });
  }

  async revoke(
    sessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<boolean> {
    const result = await storageOperation(() =>
      this.sessions.updateOne(
        { _id: asText(sessionId), revokedAt: null },
        {
          $set: {
            revokedAt: asDate(now),
            revocationReason: asText(reason) as SessionRevocationReason,
          },
        },
      ),
    );
    return result.matchedCount === 1;
  }

  async revokeAllForUser(
    userId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    const result = await storageOperation(() =>
      this.sessions.updateMany(
        { userId: asText(userId), revokedAt: null },
        {
          $set: {
            revokedAt: asDate(now),
            revocationReason: asText(reason) as SessionRevocationReason,
          },
        },
      ),
    );
    return result.modifiedCount;
  }

  async revokeOtherSessions(
    userId: string,
    keepSessionId: string,
    reason: SessionRevocationReason,
    now: Date,
  ): Promise<number> {
    const result = await storageOperation(() =>
      this.sessions.updateMany(
        {
          userId: asText(userId),
          _id: trusted({ $ne: asText(keepSessionId) }),
          revokedAt: null,
        },
        {
          $set: {
            revokedAt: asDate(now),
            revocationReason: asText(reason) as SessionRevocationReason,
          },
        },
      ),
    );
    return result.modifiedCount;
  }

  async listActiveForUser(
    userId: string,
    now: Date,
    limit: number,
  ): Promise<Session[]> {
    const docs = await storageOperation(() =>
      this.sessions
        .find({
          userId: asText(userId),
          revokedAt: null,
          expiresAt: trusted({ $gt: asDate(now) }),
        })
        .sort({ createdAt: -1, _id: -1 })
        .limit(Math.max(1, Math.floor(limit)))
        .lean<SessionDocument[]>(),
    );
    return limit <= 0 ? [] : docs.map((doc) => SessionMapper.toDomain(doc));
  }

  async findRevocationsAmong(
    sessionIds: readonly string[],
    userIds: readonly string[],
    since: Date,
  ): Promise<SessionRevocation[]> {
    const after = asDate(since).getTime();
    const fields = { _id: 1, userId: 1, revokedAt: 1 };
    type Found = Pick<SessionDocument, '_id' | 'userId' | 'revokedAt'>;
    // Equality look-ups on indexed fields only (`_id`, `userId`), and the time filtered here: a
    // range predicate would let a server that scans for ranges walk every session.
    const lookUp = (field: '_id' | 'userId', values: readonly string[]) =>
      values.length === 0
        ? Promise.resolve([] as Found[])
        : storageOperation(() =>
            this.sessions
              .find({
                [field]: trusted({ $in: [...new Set(values.map(asText))] }),
              })
              .select(fields)
              .lean<Found[]>(),
          );
    const [byId, byUser] = await Promise.all([
      lookUp('_id', sessionIds),
      lookUp('userId', userIds),
    ]);
    const revocations = new Map<string, SessionRevocation>();
    for (const doc of [...byId, ...byUser]) {
      if (doc.revokedAt !== null && doc.revokedAt.getTime() > after)
        revocations.set(doc._id, SessionMapper.toRevocation(doc));
    }
    return [...revocations.values()];
  }

  async countActive(now: Date): Promise<number> {
    return storageOperation(() =>
      this.sessions.countDocuments({
        revokedAt: null,
        expiresAt: trusted({ $gt: asDate(now) }),
      }),
    );
  }

  private async findOne(
    filter: QueryFilter<SessionDocument>,
  ): Promise<Session | null> {
    const doc = await storageOperation(() =>
      this.sessions.findOne(filter).lean<SessionDocument>(),
    );
    return doc === null ? null : SessionMapper.toDomain(doc);
  }
}

function nullableText(value: string | null): string | null {
  return value === null ? null : asText(value);
}
