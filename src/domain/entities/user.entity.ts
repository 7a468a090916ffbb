import type { Email } from '../value-objects/email.js';
import type { Username } from '../value-objects/username.js';

/** Everything stored about an account. Only the repository layer ever sees `passwordHash`. */
export interface UserProps {
  readonly id: string;
  /** As registered, after NFKC normalisation (display form). */
  readonly username: string;
  /** NFKC + lower case. Still stored (and unique) for databases indexed on it; `usernameKey` decides. */
  readonly usernameNormalized: string;
  /** `Username.keyOf(username)`: look-alikes share it. The form uniqueness and look-ups use. */
  readonly usernameKey: string;
  readonly email: string;
  /** Lower case: the form uniqueness and look-ups use. */
  readonly emailNormalized: string;
  /** Whether the owner of `email` proved it (a link from a mail, or an admin created the account). */
  readonly emailVerified: boolean;
  readonly passwordHash: string;
  /**
   * Bumped by every password change and reset (not by a rehash of the same password): what a
   * reset token is bound to, so a later change or reset voids older tokens.
   */
  readonly passwordVersion: number;
  readonly isActive: boolean;
  readonly roles: readonly string[];
  /** Per-user token version (`uv`): bumped by per-user rotation, logout-all and deactivation. */
  readonly tokenVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When version, status, roles or email last changed: what other instances poll for. */
  readonly stateChangedAt: Date;
}

/** A registered account (aggregate root of the user side). */
export class User implements UserProps {
  readonly id!: string;
  readonly username!: string;
  readonly usernameNormalized!: string;
  readonly usernameKey!: string;
  readonly email!: string;
  readonly emailNormalized!: string;
  readonly emailVerified!: boolean;
  readonly passwordHash!: string;
  readonly passwordVersion!: number;
  readonly isActive!: boolean;
  readonly roles!: readonly string[];
  readonly tokenVersion!: number;
  readonly createdAt!: Date;
  readonly updatedAt!: Date;
  readonly stateChangedAt!: Date;

  constructor(props: UserProps) {
    Object.assign(this, props);
  }

  /** The part of a user that token validation needs, safe to cache (no password hash). */
  toSnapshot(): UserSnapshot {
    return {
      id: this.id,
      username: this.username,
      email: this.email,
      emailVerified: this.emailVerified,
      isActive: this.isActive,
      roles: this.roles,
      tokenVersion: this.tokenVersion,
      createdAt: this.createdAt,
      stateChangedAt: this.stateChangedAt,
    };
  }
}

/** Cacheable view of a user: identity, status, roles and token version. */
export interface UserSnapshot {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly isActive: boolean;
  readonly roles: readonly string[];
  readonly tokenVersion: number;
  readonly createdAt: Date;
  readonly stateChangedAt: Date;
}

/** The name and address fields of a user, in the forms stored and looked up (display, normalised, key). */
export type UserIdentity = Pick<
  UserProps,
  | 'username'
  | 'usernameNormalized'
  | 'usernameKey'
  | 'email'
  | 'emailNormalized'
>;

/** The stored identity fields of a user registered as `username` at `email`. */
export function identityOf(username: Username, email: Email): UserIdentity {
  return {
    username: username.value,
    usernameNormalized: username.normalized,
    usernameKey: username.key,
    email: email.value,
    emailNormalized: email.normalized,
  };
}
