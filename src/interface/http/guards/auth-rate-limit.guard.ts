import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import {
  AuthConfig,
  type RateLimitedRoute,
} from '../../../application/auth-config.js';
import { RateLimitedError } from '../../../domain/errors/rate-limited.error.js';
import { RATE_LIMIT_KEY } from '../decorators/rate-limit.decorator.js';

/**
 * Tokenward's own throttler storage. `ThrottlerModule` is a global module, so importing it here
 * would hand a host's `ThrottlerGuard` our limits (or ours the host's); the storage alone keeps
 * the module a guest.
 */
export const AUTH_THROTTLER_STORAGE = Symbol('TOKENWARD_THROTTLER_STORAGE');

/**
 * Per-client limits on login, register and refresh, counted with @nestjs/throttler's storage and
 * keyed by route and client IP (behind a proxy, set the adapter's trust-proxy option so `req.ip`
 * is the client). Limits are per instance: N instances allow N times the configured rate.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AuthConfig,
    @Inject(AUTH_THROTTLER_STORAGE)
    private readonly storage: ThrottlerStorageService,
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
    );
    if (record.isBlocked) {
      throw new RateLimitedError(
        record.timeToBlockExpire || record.timeToExpire,
      );
    }
    return true;
  }
}
