import type { User, UserSnapshot } from '../entities/user.entity.js';

/** Result of an atomic per-user version bump. */
export interface UserVersionBump {
  readonly previousVersion: number;
  readonly newVersion: number;
  readonly user: User;
}

/** Changes applied by `updateStatus`; absent fields stay as they are. */
export interface UserStatusChange {
  readonly isActive?: boolean;
  readonly roles?: readonly string[];
}

/**
 * Port: where users live. Adapters must make every method that races a single atomic operation
 * and must raise `UserAlreadyExistsError` when a username key (`usernameKey`, shared by
 * look-alikes) or a normalised email is taken.
 */
export abstract class UserRepository {
  /** Inserts a new user; `UserAlreadyExistsError` when its username key or email is taken. */
  abstract create(user: User): Promise<User>;
  abstract findById(id: string): Promise<User | null>;
  /** Looks up by the username key (`Username.keyOf`), so a look-alike finds the same user. */
  abstract findByUsername(usernameKey: string): Promise<User | null>;
  /** Looks up by the normalised email (see `Email`). */
  abstract findByEmail(emailNormalized: string): Promise<User | null>;
  /** Active users ordered by creation time, then id. */
  abstract listActive(skip: number, limit: number): Promise<User[]>;
  abstract countActive(): Promise<number>;
  abstract updatePasswordHash(
    id: string,
    passwordHash: string,
    now: Date,
  ): Promise<void>;
  /** Atomically increments the user's token version; null when the user does not exist. */
  abstract incrementTokenVersion(
    id: string,
    now: Date,
  ): Promise<UserVersionBump | null>;
  /**
   * Atomically applies a status/roles change. When `bumpTokenVersion` is true the token version
   * is incremented in the same operation. Null when the user does not exist.
   */
  abstract updateStatus(
    id: string,
    change: UserStatusChange,
    bumpTokenVersion: boolean,
    now: Date,
  ): Promise<User | null>;
  /**
   * Atomically sets a new password: the hash, `passwordVersion` + 1 and the token version + 1 (every
   * token of the user is refused at once), conditioned on the stored `passwordVersion` still being
   * `expectedPasswordVersion`. Null when the user does not exist or the password changed meanwhile.
   */
  abstract replacePassword(
    id: string,
    passwordHash: string,
    expectedPasswordVersion: number,
    now: Date,
  ): Promise<UserVersionBump | null>;
  /**
   * Marks the email verified if it is still `emailNormalized` (a state change); null when the user
   * does not exist or has another address now.
   */
  abstract markEmailVerified(
    id: string,
    emailNormalized: string,
    now: Date,
  ): Promise<User | null>;
  /**
   * Atomically replaces the address (verified, as a state change) if it is still
   * `expectedEmailNormalized`; null when the user does not exist or has another address now;
   * `UserAlreadyExistsError` when the new address belongs to another account.
   */
  abstract changeEmail(
    id: string,
    expectedEmailNormalized: string,
    email: { readonly value: string; readonly normalized: string },
    now: Date,
  ): Promise<User | null>;
  /** The current state of the users with these ids that exist (any order). */
  abstract findSnapshotsByIds(ids: readonly string[]): Promise<UserSnapshot[]>;
}
