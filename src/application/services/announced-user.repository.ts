import type { User, UserSnapshot } from '../../domain/entities/user.entity.js';
import type { Clock } from '../../domain/ports/clock.js';
import type { RevocationChangeRepository } from '../../domain/ports/revocation-change.repository.js';
import {
  UserRepository,
  type UserStatusChange,
  type UserVersionBump,
} from '../../domain/ports/user.repository.js';

/**
 * The users port as the application sees it: every change that can revoke an access token
 * (version, status, roles, email) is first recorded in the revocation change log, and only once
 * that record is stored is the change itself attempted. Reads and other writes pass through.
 *
 * Why this order: other instances learn of a change only from the log (their poll reads the
 * entries since its last run and then the users they name, by id). Recording first means a change
 * is never in storage without its entry: if the record fails, the caller gets the error (503) and
 * nothing changed; if the change fails after it, the entry announces nothing, and a poll that reads
 * the user finds the old state and keeps watching it (see `RevocationStateService`) until the
 * write lands or the window ends — a read per poll, never a wrong answer. Recording after the
 * change would leave a window in which a crash or an outage loses the entry while the change
 * stands, and another instance would accept revoked tokens for a whole token lifetime.
 *
 * Every abstract method is delegated explicitly, so a state-changing method added to the port
 * does not compile here until it is decided whether it must be announced.
 */
export class AnnouncedUserRepository extends UserRepository {
  constructor(
    private readonly inner: UserRepository,
    private readonly changes: RevocationChangeRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  create(user: User): Promise<User> {
    // A new user cannot hold tokens any instance issued before: nothing to announce.
    return this.inner.create(user);
  }

  findById(id: string): Promise<User | null> {
    return this.inner.findById(id);
  }

  findByUsername(usernameKey: string): Promise<User | null> {
    return this.inner.findByUsername(usernameKey);
  }

  findByEmail(emailNormalized: string): Promise<User | null> {
    return this.inner.findByEmail(emailNormalized);
  }

  listActive(skip: number, limit: number): Promise<User[]> {
    return this.inner.listActive(skip, limit);
  }

  countActive(): Promise<number> {
    return this.inner.countActive();
  }

  updatePasswordHash(
    id: string,
    passwordHash: string,
    now: Date,
  ): Promise<void> {
    // A re-hash of the same password (new parameters) revokes nothing.
    return this.inner.updatePasswordHash(id, passwordHash, now);
  }

  async incrementTokenVersion(
    id: string,
    now: Date,
  ): Promise<UserVersionBump | null> {
    await this.announce(id, now);
    return this.inner.incrementTokenVersion(id, now);
  }

  async updateStatus(
    id: string,
    change: UserStatusChange,
    bumpTokenVersion: boolean,
    now: Date,
  ): Promise<User | null> {
    await this.announce(id, now);
    return this.inner.updateStatus(id, change, bumpTokenVersion, now);
  }

  async replacePassword(
    id: string,
    passwordHash: string,
    expectedPasswordVersion: number,
    now: Date,
  ): Promise<UserVersionBump | null> {
    await this.announce(id, now);
    return this.inner.replacePassword(
      id,
      passwordHash,
      expectedPasswordVersion,
      now,
    );
  }

  async markEmailVerified(
    id: string,
    emailNormalized: string,
    now: Date,
  ): Promise<User | null> {
    await this.announce(id, now);
    return this.inner.markEmailVerified(id, emailNormalized, now);
  }

  async changeEmail(
    id: string,
    expectedEmailNormalized: string,
    email: { readonly value: string; readonly normalized: string },
    now: Date,
  ): Promise<User | null> {
    await this.announce(id, now);
    return this.inner.changeEmail(id, expectedEmailNormalized, email, now);
  }

  findSnapshotsByIds(ids: readonly string[]): Promise<UserSnapshot[]> {
    return this.inner.findSnapshotsByIds(ids);
  }

  private announce(userId: string, changedAt: Date): Promise<void> {
    return this.changes.record({
      kind: 'user',
      subjectId: userId,
      changedAt,
      recordedAt: this.clock.now(),
    });
  }
}
