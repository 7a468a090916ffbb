import {
  MethodNotAllowedException,
  type INestApplication,
} from '@nestjs/common';

/** Methods a route table entry never answers with 405: CORS preflights are not ours to refuse. */
const NEVER_REFUSED = new Set(['OPTIONS']);

/** Stands for "every method" (Express's `app.all()`). */
const ANY = '*';

/** Which methods each mounted path serves; paths as the router has them (`/users/:id`). */
class RouteMethods {
  private readonly exact = new Map<string, Set<string>>();
  private readonly patterns: Array<{ regex: RegExp; methods: Set<string> }> =
    [];

  add(method: string, path: string): void {
    const methods = this.methodsOf(path);
    methods.add(method.toUpperCase());
    // Both adapters answer HEAD wherever they answer GET.
    if (method.toUpperCase() === 'GET') methods.add('HEAD');
  }

  /**
   * The methods served at `path` (a request path, percent-encoding kept), or none if unknown;
   * `exactOnly`: only a path mounted as it is (no parameter), not one a pattern matches.
   */
  allowed(path: string, exactOnly = false): ReadonlySet<string> | undefined {
    const exact = this.exact.get(path);
    if (exact !== undefined || exactOnly) return exact;
    const matching = this.patterns.filter(({ regex }) => regex.test(path));
    if (matching.length === 0) return undefined;
    return new Set(matching.flatMap(({ methods }) => [...methods]));
  }

  private methodsOf(path: string): Set<string> {
    if (!/[:*]/.test(path)) {
      let methods = this.exact.get(path);
      if (methods === undefined) this.exact.set(path, (methods = new Set()));
      return methods;
    }
    const source = path
      .split('/')
      .map((segment) =>
        segment.startsWith(':')
          ? '[^/]+'
          : segment.startsWith('*')
            ? '.*'
            : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    const regex = new RegExp(`^${source}$`);
    let entry = this.patterns.find((p) => p.regex.source === regex.source);
    if (entry === undefined) {
      entry = { regex, methods: new Set() };
      this.patterns.push(entry);
    }
    return entry.methods;
  }
}

/** A 405 for `method` at `path` with its `Allow` value, or null when the router should answer. */
function refusal(
  routes: RouteMethods,
  method: string,
  url: string,
  exactOnly = false,
): { allow: string; error: MethodNotAllowedException } | null {
  const upper = method.toUpperCase();
  if (NEVER_REFUSED.has(upper)) return null;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const allowed = routes.allowed(path, exactOnly);
  if (allowed === undefined || allowed.has(upper) || allowed.has(ANY)) {
    return null;
  }
  const allow = [...allowed].sort().join(', ');
  return {
    allow,
    error: new MethodNotAllowedException(
      `${upper} is not allowed here; allowed: ${allow}`,
    ),
  };
}

interface ExpressLike {
  router?: {
    stack: Array<{
      route?: { path: unknown; methods: Record<string, boolean> };
    }>;
  };
  use(handler: (req: RawRequest, res: RawResponse, next: Next) => void): void;
}
interface FastifyLike {
  addHook(
    name: 'onRoute',
    hook: (route: { method: string | string[]; url: string }) => void,
  ): void;
  addHook(
    name: 'onRequest',
    hook: (
      request: {
        method: string;
        url: string;
        is404?: boolean;
        routeOptions?: { url?: string };
      },
      reply: { header(name: string, value: string): unknown },
    ) => Promise<void>,
  ): void;
}
interface RawRequest {
  method: string;
  originalUrl?: string;
  url: string;
}
interface RawResponse {
  setHeader(name: string, value: string): void;
}
type Next = (error?: unknown) => void;

/**
 * RFC 9110 §15.5.6: a request whose path exists but not with its method gets 405 with an `Allow`
 * header (Express and Fastify both answer 404 there), rendered by the app's exception filters
 * like any other error. Call before `app.init()`, after `useSecurityHeaders()`.
 */
export function answerMethodNotAllowed(
  app: INestApplication,
  adapter: 'express' | 'fastify',
): void {
  const routes = new RouteMethods();
  if (adapter === 'fastify') {
    const fastify = app.getHttpAdapter().getInstance() as FastifyLike;
    // Every route, Nest's and the Swagger UI's, is registered after this hook is in place.
    fastify.addHook('onRoute', ({ method, url }) => {
      for (const m of [method].flat()) routes.add(m, url);
    });
    // Requests the router found no route for, and those a parametric route took although their
    // path is mounted as it is for other methods (DELETE /auth/sessions/revoke-others is no
    // session id: Express answers 405 there too). A static match costs nothing here.
    fastify.addHook('onRequest', async (request, reply) => {
      const parametric = request.routeOptions?.url?.includes(':') === true;
      if (request.is404 !== true && !parametric) return;
      const refused = refusal(
        routes,
        request.method,
        request.url,
        request.is404 !== true,
      );
      if (refused === null) return;
      reply.header('Allow', refused.allow);
      throw refused.error;
    });
    return;
  }
  const express = app.getHttpAdapter().getInstance() as ExpressLike;
  let loaded = false;
  // Registered before the routes, so it sees every request; the table is read from the router
  // on the first one, once Nest has mounted everything.
  express.use((req, res, next) => {
    if (!loaded) {
      for (const layer of express.router?.stack ?? []) {
        if (layer.route === undefined || typeof layer.route.path !== 'string')
          continue;
        for (const [m, on] of Object.entries(layer.route.methods)) {
          // Express's app.all() marks its route `_all`: every method is served there.
          if (on) routes.add(m === '_all' ? ANY : m, layer.route.path);
        }
      }
      loaded = true;
    }
    const refused = refusal(routes, req.method, req.originalUrl ?? req.url);
    if (refused === null) return next();
    res.setHeader('Allow', refused.allow);
    next(refused.error);
  });
}
