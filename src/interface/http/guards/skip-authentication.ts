/**
 * Decides, from the request alone, that `JwtAuthGuard` lets a request through without a token
 * (like `@Public()`, for routes a host cannot decorate: health checks, metrics). `method` is
 * upper-case; `path` is the request path as sent (percent-encoding kept, query string removed,
 * any global prefix included). Match exact paths you mean to open, not patterns of paths to
 * protect: routers may decode or normalise a path that this function sees raw.
 */
export type ShouldSkipAuthentication = (
  method: string,
  path: string,
) => boolean;

/** Optional injection token of the `ShouldSkipAuthentication` function `JwtAuthGuard` consults. */
export const SKIP_AUTHENTICATION = Symbol('TOKENWARD_SKIP_AUTHENTICATION');

/** The method and path a `ShouldSkipAuthentication` function is given, on Express and Fastify. */
export function methodAndPath(request: {
  method?: string;
  originalUrl?: string;
  url?: string;
}): [string, string] {
  // Express rewrites `url` inside mounted routers; `originalUrl` is what the client sent. Fastify
  // has both, alike.
  const url = request.originalUrl ?? request.url ?? '';
  const query = url.indexOf('?');
  return [
    (request.method ?? '').toUpperCase(),
    query === -1 ? url : url.slice(0, query),
  ];
}
