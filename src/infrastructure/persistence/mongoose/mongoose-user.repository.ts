import type { OnModuleInit } from '@nestjs/common';
import { trusted, type Model, type QueryFilter } from 'mongoose';
import type {
  User,
  UserSnapshot,
} from '../../../domain/entities/user.entity.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import {
  UserRepository,
  type UserStatusChange,
  type UserVersionBump,
} from '../../../domain/ports/user.repository.js';
import { asDate, asText } from './query-safety.js';
import { isDuplicateKeyError, storageOperation } from './storage-errors.js';
import { backfillUsernameKeys } from './username-key-backfill.js';
import { UserMapper, type UserDocumentWithoutSecret } from './user.mapper.js';
import { UserSchema, type UserDocument } from './user.schema.js';

const WITH_SECRET = '+passwordHash';

/**
 * Users in MongoDB. Every racing change is one atomic single-document operation: uniqueness is
 * decided by the unique indexes, version bumps by `$inc`.
 *
 * Atomic updates ask for the document as it was *before* (`returnDocument: 'before'`) and derive
 * the written state from it and the update they sent, which is exact because the update is one
 * atomic step. Asking for 'after' would be equally right on MongoDB, but mongo-java-server (the
 * test server) serialises that reply after releasing the document, so concurrent writes leak into
 * it; 'before' is a copy taken inside the operation on every server.
 */
export class MongooseUserRepository
  extends UserRepository
  implements OnModuleInit
{
  /** The schema of the adapter's collection (registered by the mongoose module). */
  static readonly schema = UserSchema;

  constructor(private readonly users: Model<UserDocument>) {
    super();
  }

  /**
   * Waits for the collection and its unique indexes (registration is unsafe without them), then
   * gives stored users that have no username key yet their key (`backfillUsernameKeys`).
   */
  async onModuleInit(): Promise<void> {
    await storageOperation(() => this.users.init());
    await backfillUsernameKeys(this.users);
  }

  async create(user: User): Promise<User> {
    try {
      await storageOperation(() =>
        this.users.create(UserMapper.toPersistence(user)),
      );
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new UserAlreadyExistsError(undefined, { cause: error });
      }
      throw error;
    }
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.findOneWithSecret({ _id: asText(id) });
  }

  async findByUsername(usernameKey: string): Promise<User | null> {
    return this.findOneWithSecret({ usernameKey: asText(usernameKey) });
  }

  async findByEmail(emailNormalized: string): Promise<User | null> {
    return this.findOneWithSecret({ emailNormalized: asText(emailNormalized) });
  }

  /** Returned users carry an empty `passwordHash`: a listing never loads hashes. */
  async listActive(skip: number, limit: number): Promise<User[]> {
    const from = Math.max(0, Math.trunc(Number(skip)) || 0);
    const count = Math.trunc(Number(limit)) || 0;
    // MongoDB reads limit(0) as "no limit"; an empty page is what was asked for.
    if (count <= 0) return [];
    const docs = await storageOperation(() =>
      this.users
        .find({ isActive: true })
        .sort({ createdAt: 1, _id: 1 })
        .skip(from)
        .limit(count)
        .lean<UserDocumentWithoutSecret[]>(),
    );
    return docs.map((doc) => UserMapper.toListedUser(doc));
  }

  async countActive(): Promise<number> {
    return storageOperation(() =>
      this.users.countDocuments({ isActive: true }),
    );
  }

  async updatePasswordHash(
    id: string,
    passwordHash: string,
    now: Date,
  ): Promise<void> {
    await storageOperation(() =>
      this.users.updateOne(
        { _id: asText(id) },
        {
          $set: { passwordHash: asText(passwordHash), updatedAt: asDate(now) },
        },
      ),
    );
  }

  async incrementTokenVersion(
    id: string,
    now: Date,
  ): Promise<UserVersionBump | null> {
    const changes = stateChange(asDate(now));
    const before = await storageOperation(() =>
      this.users
        .findOneAndUpdate(
          { _id: asText(id) },
          { $inc: { tokenVersion: 1 }, $set: changes },
          { returnDocument: 'before' },
        )
        .select(WITH_SECRET)
        .lean<UserDocument>(),
    );
    if (before === null) return null;
    const after: UserDocument = {
      ...before,
      ...changes,
      tokenVersion: before.tokenVersion + 1,
    };
    return {
      previousVersion: before.tokenVersion,
      newVersion: after.tokenVersion,
      user: UserMapper.toDomain(after),
    };
  }

  async updateStatus(
    id: string,
    change: UserStatusChange,
    bumpTokenVersion: boolean,
    now: Date,
  ): Promise<User | null> {
    const changes: Partial<UserDocument> = stateChange(asDate(now));
    if (change.isActive !== undefined) {
      changes.isActive = change.isActive === true;
    }
    if (change.roles !== undefined) changes.roles = change.roles.map(asText);
    const increment = bumpTokenVersion ? 1 : 0;
    const before = await storageOperation(() =>
      this.users
        .findOneAndUpdate(
          { _id: asText(id) },
          increment > 0
            ? { $set: changes, $inc: { tokenVersion: increment } }
            : { $set: changes },
          { returnDocument: 'before' },
        )
        .select(WITH_SECRET)
        .lean<UserDocument>(),
    );
    if (before === null) return null;
    return UserMapper.toDomain({
      ...before,
      ...changes,
      tokenVersion: before.tokenVersion + increment,
    });
  }

  async replacePassword(
    id: string,
    passwordHash: string,
    expectedPasswordVersion: number,
    now: Date,
  ): Promise<UserVersionBump | null> {
    const expected = Math.trunc(Number(expectedPasswordVersion));
    const changes = {
      ...stateChange(asDate(now)),
      passwordHash: asText(passwordHash),
    };
    const before = await storageOperation(() =>
      this.users
        .findOneAndUpdate(
          { _id: asText(id), passwordVersion: matchesVersion(expected) },
          {
            $set: { ...changes, passwordVersion: expected + 1 },
            $inc: { tokenVersion: 1 },
          },
          { returnDocument: 'before' },
        )
        .select(WITH_SECRET)
        .lean<UserDocument>(),
    );
    if (before === null) return null;
    const after: UserDocument = {
      ...before,
      ...changes,
      passwordVersion: expected + 1,
      tokenVersion: before.tokenVersion + 1,
    };
    return {
      previousVersion: before.tokenVersion,
      newVersion: after.tokenVersion,
      user: UserMapper.toDomain(after),
    };
  }

  async markEmailVerified(
    id: string,
    emailNormalized: string,
    now: Date,
  ): Promise<User | null> {
    const changes = { ...stateChange(asDate(now)), emailVerified: true };
    const before = await storageOperation(() =>
      this.users
        .findOneAndUpdate(
          { _id: asText(id), emailNormalized: asText(emailNormalized) },
          { $set: changes },
          { returnDocument: 'before' },
        )
        .select(WITH_SECRET)
        .lean<UserDocument>(),
    );
    return before === null
      ? null
      : UserMapper.toDomain({ ...before, ...changes });
  }

  async changeEmail(
    id: string,
    expectedEmailNormalized: string,
    email: { readonly value: string; readonly normalized: string },
    now: Date,
  ): Promise<User | null> {
    const changes = {
      ...stateChange(asDate(now)),
      email: asText(email.value),
      emailNormalized: asText(email.normalized),
      emailVerified: true,
    };
    let before: UserDocument | null;
    try {
      before = await storageOperation(() =>
        this.users
          .findOneAndUpdate(
            {
              _id: asText(id),
              emailNormalized: asText(expectedEmailNormalized),
            },
            { $set: changes },
            { returnDocument: 'before' },
          )
          .select(WITH_SECRET)
          .lean<UserDocument>(),
      );
    } catch (error) {
      // The unique index on emailNormalized: the address is another account's.
      if (isDuplicateKeyError(error)) {
        throw new UserAlreadyExistsError(undefined, { cause: error });
      }
      throw error;
    }
    return before === null
      ? null
      : UserMapper.toDomain({ ...before, ...changes });
  }

  async findSnapshotsByIds(ids: readonly string[]): Promise<UserSnapshot[]> {
    if (ids.length === 0) return [];
    // Point look-ups on `_id`: the cost follows the ids asked for, not the collection.
    const docs = await storageOperation(() =>
      this.users
        .find({ _id: trusted({ $in: [...new Set(ids.map(asText))] }) })
        .lean<UserDocumentWithoutSecret[]>(),
    );
    return docs.map((doc) => UserMapper.toSnapshot(doc));
  }

  private async findOneWithSecret(
    filter: QueryFilter<UserDocument>,
  ): Promise<User | null> {
    const doc = await storageOperation(() =>
      this.users.findOne(filter).select(WITH_SECRET).lean<UserDocument>(),
    );
    return doc === null ? null : UserMapper.toDomain(doc);
  }
}

/**
 * A filter on `passwordVersion`: documents written before the field existed have none and are at
 * version 1 (`null` matches a missing field).
 */
function matchesVersion(
  expected: number,
): QueryFilter<UserDocument>['passwordVersion'] {
  return expected === 1
    ? (trusted({ $in: [1, null] }) as { $in: number[] })
    : expected;
}

/**
 * Fields every version/status/roles/email change sets; `lastStateChangeAt` only for the polls of
 * 0.1.0 instances on the same database (this version's poll reads the change log).
 */
function stateChange(
  now: Date,
): Pick<UserDocument, 'updatedAt' | 'stateChangedAt' | 'lastStateChangeAt'> {
  return { updatedAt: now, stateChangedAt: now, lastStateChangeAt: now };
}
