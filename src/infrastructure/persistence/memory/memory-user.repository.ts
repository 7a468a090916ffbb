import {
  User,
  type UserProps,
  type UserSnapshot,
} from '../../../domain/entities/user.entity.js';
import { UserAlreadyExistsError } from '../../../domain/errors/user-already-exists.error.js';
import {
  UserRepository,
  type UserStatusChange,
  type UserVersionBump,
} from '../../../domain/ports/user.repository.js';
import { flat, sameInstant, sharedWith } from './compact.js';
import { SharedLists } from './shared-lists.js';

/**
 * Process-local users: the embedded default. Every method completes without yielding between
 * its check and its write, which makes each one atomic on Node's single thread. What it keeps is
 * compacted (`stored`): flat strings, one copy for equal ones, one frozen array per distinct role
 * set, one Date for equal instants (docs/performance.md has the bytes per user).
 */
export class MemoryUserRepository extends UserRepository {
  private readonly byId = new Map<string, User>();
  private readonly idByUsername = new Map<string, string>();
  private readonly idByEmail = new Map<string, string>();
  private readonly roleSets = new SharedLists();

  async create(candidate: User): Promise<User> {
    if (
      this.idByUsername.has(candidate.usernameKey) ||
      this.idByEmail.has(candidate.emailNormalized)
    ) {
      throw new UserAlreadyExistsError();
    }
    const user = this.stored(candidate);
    this.byId.set(user.id, user);
    this.idByUsername.set(user.usernameKey, user.id);
    this.idByEmail.set(user.emailNormalized, user.id);
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.byId.get(id) ?? null;
  }

  async findByUsername(usernameKey: string): Promise<User | null> {
    const id = this.idByUsername.get(usernameKey);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async findByEmail(emailNormalized: string): Promise<User | null> {
    const id = this.idByEmail.get(emailNormalized);
    return id === undefined ? null : (this.byId.get(id) ?? null);
  }

  async listActive(skip: number, limit: number): Promise<User[]> {
    return this.active()
      .sort(
        (a, b) =>
          a.createdAt.getTime() - b.createdAt.getTime() || compare(a.id, b.id),
      )
      .slice(skip, skip + limit);
  }

  async countActive(): Promise<number> {
    return this.active().length;
  }

  async updatePasswordHash(
    id: string,
    passwordHash: string,
    now: Date,
  ): Promise<void> {
    const user = this.byId.get(id);
    if (user !== undefined)
      this.byId.set(id, this.stored({ ...user, passwordHash, updatedAt: now }));
  }

  async incrementTokenVersion(
    id: string,
    now: Date,
  ): Promise<UserVersionBump | null> {
    const user = this.byId.get(id);
    if (user === undefined) return null;
    const updated = this.save(
      user,
      { tokenVersion: user.tokenVersion + 1 },
      now,
    );
    return {
      previousVersion: user.tokenVersion,
      newVersion: updated.tokenVersion,
      user: updated,
    };
  }

  async updateStatus(
    id: string,
    change: UserStatusChange,
    bumpTokenVersion: boolean,
    now: Date,
  ): Promise<User | null> {
    const user = this.byId.get(id);
    if (user === undefined) return null;
    return this.save(
      user,
      {
        isActive: change.isActive ?? user.isActive,
        roles: change.roles ?? user.roles,
        tokenVersion: user.tokenVersion + (bumpTokenVersion ? 1 : 0),
      },
      now,
    );
  }

  async replacePassword(
    id: string,
    passwordHash: string,
    expectedPasswordVersion: number,
    now: Date,
  ): Promise<UserVersionBump | null> {
    const user = this.byId.get(id);
    if (user === undefined || user.passwordVersion !== expectedPasswordVersion)
      return null;
    const updated = this.save(
      user,
      {
        tokenVersion: user.tokenVersion + 1,
        passwordHash,
        passwordVersion: user.passwordVersion + 1,
      },
      now,
    );
    return {
      previousVersion: user.tokenVersion,
      newVersion: updated.tokenVersion,
      user: updated,
    };
  }

  async markEmailVerified(
    id: string,
    emailNormalized: string,
    now: Date,
  ): Promise<User | null> {
    const user = this.byId.get(id);
    if (user === undefined || user.emailNormalized !== emailNormalized)
      return null;
    return this.save(
      user,
      { tokenVersion: user.tokenVersion, emailVerified: true },
      now,
    );
  }

  async changeEmail(
    id: string,
    expectedEmailNormalized: string,
    email: { readonly value: string; readonly normalized: string },
    now: Date,
  ): Promise<User | null> {
    const user = this.byId.get(id);
    if (user === undefined || user.emailNormalized !== expectedEmailNormalized)
      return null;
    const owner = this.idByEmail.get(email.normalized);
    if (owner !== undefined && owner !== id) throw new UserAlreadyExistsError();
    const updated = this.save(
      user,
      {
        tokenVersion: user.tokenVersion,
        email: email.value,
        emailNormalized: email.normalized,
        emailVerified: true,
      },
      now,
    );
    this.idByEmail.delete(user.emailNormalized);
    this.idByEmail.set(updated.emailNormalized, updated.id);
    return updated;
  }

  async findSnapshotsByIds(ids: readonly string[]): Promise<UserSnapshot[]> {
    const snapshots: UserSnapshot[] = [];
    for (const id of new Set(ids)) {
      const user = this.byId.get(id);
      if (user !== undefined) snapshots.push(user.toSnapshot());
    }
    return snapshots;
  }

  private save(
    user: User,
    change: Pick<User, 'tokenVersion'> &
      Partial<
        Pick<
          User,
          | 'isActive'
          | 'roles'
          | 'passwordHash'
          | 'passwordVersion'
          | 'email'
          | 'emailNormalized'
          | 'emailVerified'
        >
      >,
    now: Date,
  ): User {
    const updated = this.stored({
      ...user,
      ...change,
      updatedAt: now,
      stateChangedAt: now,
    });
    this.byId.set(user.id, updated);
    return updated;
  }

  /** `props` as kept: the same values, with equal strings, role sets and instants shared. */
  private stored(props: UserProps): User {
    const username = flat(props.username);
    const usernameNormalized = sharedWith(props.usernameNormalized, username);
    const email = flat(props.email);
    const createdAt = props.createdAt;
    const updatedAt = sameInstant(props.updatedAt, createdAt);
    return new User({
      ...props,
      id: flat(props.id),
      username,
      usernameNormalized,
      usernameKey: sharedWith(props.usernameKey, usernameNormalized, username),
      email,
      emailNormalized: sharedWith(props.emailNormalized, email),
      roles: this.roleSets.share(props.roles),
      updatedAt,
      stateChangedAt: sameInstant(
        sameInstant(props.stateChangedAt, updatedAt),
        createdAt,
      ),
    });
  }

  private active(): User[] {
    return [...this.byId.values()].filter((user) => user.isActive);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
