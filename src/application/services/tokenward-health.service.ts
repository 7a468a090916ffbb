import { Injectable } from '@nestjs/common';
import { RotationStateRepository } from '../../domain/ports/rotation-state.repository.js';
import { AuthConfig } from '../auth-config.js';
import {
  TokenwardHealth,
  type RevocationCacheHealthStatus,
} from '../dtos/tokenward-health.dto.js';
import { RevocationStateService } from './revocation-state.service.js';
import { SigningKeyRingService } from './signing-key-ring.service.js';

/**
 * Health of a Tokenward instance for a host's `/health` (or a `@nestjs/terminus` indicator):
 * storage reachability, revocation-state freshness and whether this instance can use the active
 * signing key. Every dependency is exported by
 * `AuthModule`, so a host lists this class in its own `providers`.
 */
@Injectable()
export class TokenwardHealthService {
  constructor(
    private readonly config: AuthConfig,
    private readonly revocation: RevocationStateService,
    private readonly rotationState: RotationStateRepository,
    private readonly keys: SigningKeyRingService,
  ) {}

  /** Pings storage (one read of the rotation-state document) and reads the cache's age. */
  async check(): Promise<TokenwardHealth> {
    const storageUp = await this.rotationState.get().then(
      () => true,
      () => false,
    );
    const age = this.revocation.stalenessMs();
    const ageMs = Number.isFinite(age) ? age : null;
    const max = this.config.revocationMaxStalenessMs;
    // The poll normally keeps the age below one interval; two means it fell behind.
    const cache: RevocationCacheHealthStatus =
      ageMs === null || ageMs > max
        ? 'stale'
        : ageMs > this.config.revocationCacheRefreshMs * 2
          ? 'lagging'
          : 'fresh';
    const signingKey = this.keys.activeKeyState();
    const status =
      !storageUp ||
      cache === 'stale' ||
      signingKey.status === 'unusable' ||
      signingKey.status === 'unknown'
        ? 'error'
        : cache === 'lagging'
          ? 'degraded'
          : 'ok';
    return new TokenwardHealth(
      status,
      { status: storageUp ? 'up' : 'down' },
      { ageMs, maxStalenessMs: max, status: cache },
      signingKey,
    );
  }
}
