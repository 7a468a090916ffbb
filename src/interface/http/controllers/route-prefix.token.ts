/** Injection token of the module's `routePrefix`, for documents that name its endpoints. */
export const TOKENWARD_ROUTE_PREFIX = Symbol('tokenward.routePrefix');
