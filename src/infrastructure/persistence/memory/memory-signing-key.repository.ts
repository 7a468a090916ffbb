import { Injectable } from '@nestjs/common';
import type { SigningKeyRing } from '../../../domain/entities/signing-key-ring.entity.js';
import { SigningKeyRepository } from '../../../domain/ports/signing-key.repository.js';

/** The key ring of one process (the ring is immutable, so holding the object is enough). */
@Injectable()
export class MemorySigningKeyRepository extends SigningKeyRepository {
  private ring: SigningKeyRing | null = null;

  load(): Promise<SigningKeyRing | null> {
    return Promise.resolve(this.ring);
  }

  loadIfChanged(knownVersion: number): Promise<SigningKeyRing | null> {
    return Promise.resolve(
      this.ring !== null && this.ring.version !== knownVersion
        ? this.ring
        : null,
    );
  }

  create(ring: SigningKeyRing): Promise<boolean> {
    if (this.ring !== null) return Promise.resolve(false);
    this.ring = ring;
    return Promise.resolve(true);
  }

  replace(ring: SigningKeyRing, expectedVersion: number): Promise<boolean> {
    if (this.ring?.version !== expectedVersion) return Promise.resolve(false);
    this.ring = ring;
    return Promise.resolve(true);
  }
}
