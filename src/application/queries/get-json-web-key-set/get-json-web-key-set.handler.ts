import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PublicJwk } from '../../../domain/entities/signing-key-ring.entity.js';
import { Clock } from '../../../domain/ports/clock.js';
import { JsonWebKeySet } from '../../dtos/json-web-key-set.dto.js';
import { SigningKeyRingService } from '../../services/signing-key-ring.service.js';
import { GetJsonWebKeySetQuery } from './get-json-web-key-set.query.js';

/** Public keys of the active and still-verifying retired keys; revoked and expired ones are gone. */
@QueryHandler(GetJsonWebKeySetQuery)
export class GetJsonWebKeySetHandler implements IQueryHandler<GetJsonWebKeySetQuery> {
  constructor(
    private readonly keys: SigningKeyRingService,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<JsonWebKeySet> {
    // Asked before any token was signed: create the ring now, so a verifier's first fetch already
    // holds the key the first token will name.
    const ring = await this.keys.ensureRing();
    const published = ring
      .verifyingKeys(this.clock.now(), this.keys.verifyWindowSeconds)
      .map((key) => key.publicJwk)
      .filter((jwk): jwk is PublicJwk => jwk !== null);
    return new JsonWebKeySet(published);
  }
}
