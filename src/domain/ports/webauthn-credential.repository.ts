import type { WebAuthnCredential } from '../entities/webauthn-credential.entity.js';

/**
 * Port: users' passkeys, by credential id. `recordUse` is the write that races (two assertions of
 * one authenticator): adapters make it one conditional update on the stored counter, so a
 * counter never goes back and of two uses with the same counter at most one is accepted.
 */
export abstract class WebAuthnCredentialRepository {
  /** Stores a new credential: false (and nothing stored) if its id is already registered. */
  abstract create(credential: WebAuthnCredential): Promise<boolean>;
  /** The credential with this id; null if none. */
  abstract findById(id: string): Promise<WebAuthnCredential | null>;
  /** The user's credentials, oldest first. */
  abstract listByUser(userId: string): Promise<WebAuthnCredential[]>;
  /**
   * Records an accepted assertion: sets `signCount` to `newCount` and `lastUsedAt` to `usedAt`
   * if the stored counter is still `previousCount`. True for the caller that did.
   */
  abstract recordUse(
    id: string,
    previousCount: number,
    newCount: number,
    usedAt: Date,
  ): Promise<boolean>;
  /** Removes the credential if `userId` owns it: true if one was removed. */
  abstract delete(id: string, userId: string): Promise<boolean>;
}
