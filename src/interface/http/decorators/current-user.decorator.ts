import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '../../../application/dtos/authenticated-user.dto.js';
import { requestOf } from '../guards/request-of.js';

/**
 * The `AuthenticatedUser` that `JwtAuthGuard` attached to the request (undefined on an
 * `@OptionalAuth()` route called without a token). Works in GraphQL resolvers too.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined =>
    requestOf<{ user?: AuthenticatedUser } | undefined>(context)?.user,
);
