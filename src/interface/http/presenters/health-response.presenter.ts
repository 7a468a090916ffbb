import { HttpStatus } from '@nestjs/common';
import type { TokenwardHealth } from '../../../application/dtos/tokenward-health.dto.js';

/** `TokenwardHealth` on the wire (snake_case, like the rest of the HTTP API). */
export interface HealthResponse {
  status: 'ok' | 'degraded' | 'error';
  storage: { status: 'up' | 'down' };
  revocation_cache: {
    age_ms: number | null;
    max_staleness_ms: number;
    status: 'fresh' | 'lagging' | 'stale';
  };
  signing_key: {
    status: 'ok' | 'none' | 'unusable' | 'unknown';
    kid: string | null;
    algorithm: string | null;
  };
}

/** Maps a health check to its JSON body. */
export function toHealthResponse(health: TokenwardHealth): HealthResponse {
  return {
    status: health.status,
    storage: { status: health.storage.status },
    revocation_cache: {
      age_ms: health.revocationCache.ageMs,
      max_staleness_ms: health.revocationCache.maxStalenessMs,
      status: health.revocationCache.status,
    },
    signing_key: { ...health.signingKey },
  };
}

/** 503 when the instance cannot serve (storage, revocation state or signing key), else 200. */
export function healthHttpStatus(health: TokenwardHealth): HttpStatus {
  return health.status === 'error'
    ? HttpStatus.SERVICE_UNAVAILABLE
    : HttpStatus.OK;
}
