import { SetMetadata } from '@nestjs/common';
import type { RateLimitedRoute } from '../../../application/auth-config.js';

/** Metadata key set by `@RateLimit()`. */
export const RATE_LIMIT_KEY = 'tokenward:rateLimit';

/** Puts a route under the configured per-client limit of `route` (see `AuthRateLimitGuard`). */
export const RateLimit = (route: RateLimitedRoute): MethodDecorator =>
  SetMetadata(RATE_LIMIT_KEY, route);
