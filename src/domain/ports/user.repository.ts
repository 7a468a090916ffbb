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
  /** Users whose version, status or roles changed strictly after `since`. */
  abstract findStateChangedSince(since: Date): Promise<UserSnapshot[]>;
}
