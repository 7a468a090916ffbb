import { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { WebAuthnCredentialRepository } from '../../../domain/ports/webauthn-credential.repository.js';

/** Process-local passkeys. Each method checks and writes without yielding (atomic on one thread). */
export class MemoryWebAuthnCredentialRepository extends WebAuthnCredentialRepository {
  private readonly byId = new Map<string, WebAuthnCredential>();

  async create(credential: WebAuthnCredential): Promise<boolean> {
    if (this.byId.has(credential.id)) return false;
    this.byId.set(credential.id, new WebAuthnCredential(credential));
    return true;
  }

  async findById(id: string): Promise<WebAuthnCredential | null> {
    return this.byId.get(id) ?? null;
  }

  async listByUser(userId: string): Promise<WebAuthnCredential[]> {
    return [...this.byId.values()]
      .filter((credential) => credential.userId === userId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async recordUse(
    id: string,
    previousCount: number,
    newCount: number,
    usedAt: Date,
  ): Promise<boolean> {
    const credential = this.byId.get(id);
    if (credential === undefined || credential.signCount !== previousCount)
      return false;
    this.byId.set(
      id,
      new WebAuthnCredential({
        ...credential,
        signCount: newCount,
        lastUsedAt: usedAt,
      }),
    );
    return true;
  }

  async delete(id: string, userId: string): Promise<boolean> {
    const credential = this.byId.get(id);
    if (credential === undefined || credential.userId !== userId) return false;
    return this.byId.delete(id);
  }
}
