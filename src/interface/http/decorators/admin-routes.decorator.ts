import { SetMetadata } from '@nestjs/common';

/** Metadata key marking the module's own admin controllers (`mfa.requireForAdminRoutes`). */
export const ADMIN_ROUTES_KEY = 'tokenward:adminRoutes';

/** Marks a controller as one of the module's admin routes, which `mfa.requireForAdminRoutes` covers. */
export const AdminRoutes = (): ClassDecorator =>
  SetMetadata(ADMIN_ROUTES_KEY, true);
