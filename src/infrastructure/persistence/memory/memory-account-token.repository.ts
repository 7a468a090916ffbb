import { AccountToken } from '../../../domain/entities/account-token.entity.js';
import { AccountTokenRepository } from '../../../domain/ports/account-token.repository.js';

/** Most tokens kept at once; expired ones go first, then the oldest (bounded memory). */
const MAX_TOKENS = 100_000;

/**
 * Process-local account tokens. `consume` checks and writes without yielding, which makes it
 * atomic on Node's single thread.
 */
export class MemoryAccountTokenRepository extends AccountTokenRepository {
  private readonly byId = new Map<string, AccountToken>();

  async create(token: AccountToken): Promise<void> {
    if (this.byId.size >= MAX_TOKENS) this.prune(token.createdAt);
    this.byId.set(token.id, token);
  }

  async findById(id: string): Promise<AccountToken | null> {
    return this.byId.get(id) ?? null;
  }

  async consume(id: string, now: Date): Promise<boolean> {
    const token = this.byId.get(id);
    if (token === undefined || !token.isRedeemableAt(now)) return false;
    this.byId.set(id, new AccountToken({ ...token, consumedAt: now }));
    return true;
  }

  private prune(now: Date): void {
    for (const [id, token] of this.byId) {
      if (token.expiresAt.getTime() <= now.getTime()) this.byId.delete(id);
    }
    // Insertion order is creation order: drop the oldest while still full.
    for (const id of this.byId.keys()) {
      if (this.byId.size < MAX_TOKENS) break;
      this.byId.delete(id);
    }
  }
}
