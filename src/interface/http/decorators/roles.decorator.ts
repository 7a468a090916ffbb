import { SetMetadata } from '@nestjs/common';

/** Metadata key set by `@Roles()`. */
export const ROLES_KEY = 'tokenward:roles';

/** Requires any one of `roles` (checked by `RolesGuard`, after `JwtAuthGuard`). */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);
