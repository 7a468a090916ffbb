import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { SigningKeyView } from '../../dtos/signing-key-view.dto.js';
import { SigningKeyRingService } from '../../services/signing-key-ring.service.js';
import { GetSigningKeysQuery } from './get-signing-keys.query.js';

/** Reads this instance's copy of the ring (at most one poll interval behind storage). */
@QueryHandler(GetSigningKeysQuery)
export class GetSigningKeysHandler implements IQueryHandler<GetSigningKeysQuery> {
  constructor(
    private readonly keys: SigningKeyRingService,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<SigningKeyView[]> {
    const ring = await this.keys.current();
    if (ring === null) return [];
    return SigningKeyView.listOf(
      ring,
      this.clock.now(),
      this.keys.verifyWindowSeconds,
    );
  }
}
