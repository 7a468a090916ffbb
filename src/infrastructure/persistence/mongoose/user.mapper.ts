import {
  User,
  type UserSnapshot,
} from '../../../domain/entities/user.entity.js';
import { Username } from '../../../domain/value-objects/username.js';
import type { UserDocument } from './user.schema.js';

/** A stored user read without its password hash (the default projection). */
export type UserDocumentWithoutSecret = Omit<UserDocument, 'passwordHash'>;

/** Maps users between the `User` entity and their stored documents. */
export class UserMapper {
  /** A full entity; the document must have been read with `+passwordHash`. */
  static toDomain(doc: UserDocument): User {
    return new User({
      ...UserMapper.fields(doc),
      passwordHash: doc.passwordHash,
    });
  }

  /**
   * An entity for listings, read without the hash: `passwordHash` is empty. Its only caller
   * (ListActiveUsers) maps it straight to `PublicUser`, so the hash is never loaded for a page.
   */
  static toListedUser(doc: UserDocumentWithoutSecret): User {
    return new User({ ...UserMapper.fields(doc), passwordHash: '' });
  }

  static toSnapshot(doc: UserDocumentWithoutSecret): UserSnapshot {
    return UserMapper.toListedUser(doc).toSnapshot();
  }

  /** A new user's document; registration is not a state change (see `lastStateChangeAt`). */
  static toPersistence(user: User): UserDocument {
    return {
      _id: user.id,
      username: user.username,
      usernameNormalized: user.usernameNormalized,
      usernameKey: user.usernameKey,
      email: user.email,
      emailNormalized: user.emailNormalized,
      emailVerified: user.emailVerified,
      passwordHash: user.passwordHash,
      passwordVersion: user.passwordVersion,
      isActive: user.isActive,
      roles: [...user.roles],
      tokenVersion: user.tokenVersion,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      stateChangedAt: user.stateChangedAt,
      lastStateChangeAt: null,
    };
  }

  private static fields(
    doc: UserDocumentWithoutSecret,
  ): Omit<User, 'passwordHash' | 'toSnapshot'> {
    // Fields a document written by an older version lacks take the value that version meant.
    return {
      id: doc._id,
      username: doc.username,
      usernameNormalized: doc.usernameNormalized,
      // A document the start-up pass could not key (a look-alike of an older account) has none.
      usernameKey: doc.usernameKey ?? Username.keyOf(doc.username),
      email: doc.email,
      emailNormalized: doc.emailNormalized,
      emailVerified: doc.emailVerified === true,
      passwordVersion: doc.passwordVersion ?? 1,
      isActive: doc.isActive,
      roles: [...doc.roles],
      tokenVersion: doc.tokenVersion,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      stateChangedAt: doc.stateChangedAt,
    };
  }
}
