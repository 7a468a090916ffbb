/** Port: one-way password hashing (argon2id by default). */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /** Constant-time check of `password` against `hash`; false (never a throw) on a bad hash. */
  abstract verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with weaker parameters than the current ones. */
  abstract needsRehash(hash: string): boolean;
  /**
   * Burns the same work as a real verify, for logins of unknown users, so timing does not reveal
   * whether an account exists.
   */
  abstract verifyDummy(password: string): Promise<void>;
}
