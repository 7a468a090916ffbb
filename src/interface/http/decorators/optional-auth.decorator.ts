import { SetMetadata } from '@nestjs/common';

/** Metadata key set by `@OptionalAuth()`. */
export const IS_OPTIONAL_AUTH_KEY = 'tokenward:isOptionalAuth';

/**
 * `JwtAuthGuard` in optional mode: a valid token sets the user as usual, a request without a
 * token passes with none (`@CurrentUser()` is undefined), and a bad token is still a 401.
 */
export const OptionalAuth = (): MethodDecorator & ClassDecorator =>
  SetMetadata(IS_OPTIONAL_AUTH_KEY, true);
