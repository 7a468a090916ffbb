import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  AuthConfig,
  type RateLimitedRoute,
} from '../../../application/auth-config.js';
import { RateLimitedError } from '../../../domain/errors/rate-limited.error.js';
import { Clock } from '../../../domain/ports/clock.js';
import { RateLimitStorage } from '../../../domain/ports/rate-limit-storage.js';
import { RATE_LIMIT_KEY } from '../decorators/rate-limit.decorator.js';

/**
 * Per-client limits on login, register and refresh, keyed by route and client IP (behind a proxy,
 * set the adapter's trust-proxy option so `req.ip` is the client), counted in `RateLimitStorage`:
 * @nestjs/throttler's in-memory storage with `storage: 'memory'` (per instance), MongoDB with
 * `storage: 'mongoose'` (shared by every instance), or whatever the host provides. Its
 * `ThrottlerModule` is never imported: it is global, and would hand a host's `ThrottlerGuard`
 * Tokenward's limits (or Tokenward the host's).
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AuthConfig,
    private readonly storage: RateLimitStorage,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.reflector.get<RateLimitedRoute | undefined>(
      RATE_LIMIT_KEY,
      context.getHandler(),
    );
    const limits = this.config.rateLimits;
    if (route === undefined || limits === null) return true;
    const { limit, ttlMs } = limits[route];
    const request = context.switchToHttp().getRequest<{ ip?: string }>();
    const record = await this.storage.increment(
      `tokenward:${route}:${request.ip ?? 'unknown'}`,
      ttlMs,
      limit,
      ttlMs,
      route,
      this.clock.now(),
    );
    if (record.isBlocked) {
      throw new RateLimitedError(
        record.timeToBlockExpire || record.timeToExpire,
      );
    }
    return true;
  }
}
