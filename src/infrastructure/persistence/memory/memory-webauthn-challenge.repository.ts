import type { WebAuthnChallenge } from '../../../domain/entities/webauthn-challenge.entity.js';
import { WebAuthnChallengeRepository } from '../../../domain/ports/webauthn-challenge.repository.js';

/** Most challenges kept at once; expired ones go first, then the oldest (bounded memory). */
const MAX_CHALLENGES = 100_000;

/** Process-local challenges; `consume` deletes without yielding (atomic on one thread). */
export class MemoryWebAuthnChallengeRepository extends WebAuthnChallengeRepository {
  private readonly byHash = new Map<string, WebAuthnChallenge>();

  async create(challenge: WebAuthnChallenge): Promise<void> {
    if (this.byHash.size >= MAX_CHALLENGES) this.prune(challenge.createdAt);
    this.byHash.set(challenge.challengeHash, challenge);
  }

  async consume(
    challengeHash: string,
    now: Date,
  ): Promise<WebAuthnChallenge | null> {
    const challenge = this.byHash.get(challengeHash);
    if (challenge === undefined) return null;
    this.byHash.delete(challengeHash);
    return challenge.expiresAt.getTime() > now.getTime() ? challenge : null;
  }

  private prune(now: Date): void {
    for (const [hash, challenge] of this.byHash) {
      if (challenge.expiresAt.getTime() <= now.getTime())
        this.byHash.delete(hash);
    }
    for (const hash of this.byHash.keys()) {
      if (this.byHash.size < MAX_CHALLENGES) break;
      this.byHash.delete(hash);
    }
  }
}
