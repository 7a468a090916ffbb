import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../../domain/ports/clock.js';
import { RotationStateRepository } from '../../../domain/ports/rotation-state.repository.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { GlobalRotationView } from '../../dtos/global-rotation-view.dto.js';
import { SigningKeyView } from '../../dtos/signing-key-view.dto.js';
import { TokenwardStatus } from '../../dtos/tokenward-status.dto.js';
import { SigningKeyRingService } from '../../services/signing-key-ring.service.js';
import { GetTokenwardStatusQuery } from './get-tokenward-status.query.js';

/** Storage's counts and rotation state; the keys as this instance holds them (one poll behind at most). */
@QueryHandler(GetTokenwardStatusQuery)
export class GetTokenwardStatusHandler implements IQueryHandler<GetTokenwardStatusQuery> {
  constructor(
    private readonly rotationState: RotationStateRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly keys: SigningKeyRingService,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<TokenwardStatus> {
    const now = this.clock.now();
    const [state, activeUsers, activeSessions, ring] = await Promise.all([
      this.rotationState.get(),
      this.users.countActive(),
      this.sessions.countActive(now),
      this.keys.current(),
    ]);
    return new TokenwardStatus(
      GlobalRotationView.fromState(state),
      activeUsers,
      activeSessions,
      ring === null
        ? []
        : SigningKeyView.listOf(ring, now, this.keys.verifyWindowSeconds),
      ring === null || this.keys.opensSealedKeys(ring),
      now,
    );
  }
}
