import type { AccountToken } from '../entities/account-token.entity.js';

/**
 * Port: account tokens (reset, invitation, verification, email change), stored by id with the
 * hash of their secret only. `consume` is the one write that races: adapters make it a single
 * atomic conditional update, so of any number of parallel redemptions exactly one wins.
 */
export abstract class AccountTokenRepository {
  abstract create(token: AccountToken): Promise<void>;
  /** The token with this id, used or not, expired or not; null if none. */
  abstract findById(id: string): Promise<AccountToken | null>;
  /**
   * Marks the token used if it is unused and not expired at `now`: true for the one caller that
   * did, false for every other (already used, expired, unknown).
   */
  abstract consume(id: string, now: Date): Promise<boolean>;
}
