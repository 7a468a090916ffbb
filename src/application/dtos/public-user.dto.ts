import type { User, UserSnapshot } from '../../domain/entities/user.entity.js';

/** A user as anyone outside the repository layer may see it: never a password hash. */
export class PublicUser {
  constructor(
    readonly id: string,
    readonly username: string,
    readonly email: string,
    readonly isActive: boolean,
    readonly roles: readonly string[],
    readonly createdAt: Date,
    /** Whether the owner of `email` confirmed it. */
    readonly emailVerified: boolean,
  ) {}

  static fromUser(user: User): PublicUser {
    return new PublicUser(
      user.id,
      user.username,
      user.email,
      user.isActive,
      [...user.roles],
      user.createdAt,
      user.emailVerified,
    );
  }
}

/** Re-exported for callers that only hold a snapshot. */
export type { UserSnapshot };
