import type { ExecutionContext } from '@nestjs/common';

/**
 * The HTTP request behind a guarded call: the adapter's request for a controller; for a GraphQL
 * resolver (`@nestjs/graphql`, an optional peer: nothing here imports it), the `req` of the GraphQL
 * context, where Apollo puts it and where a Mercurius host's `context` puts it (else Mercurius'
 * `reply.request`). Resolver arguments are `[root, args, context, info]`, which is all
 * `GqlExecutionContext` reads.
 */
export function requestOf<T>(context: ExecutionContext): T {
  if ((context.getType() as string) !== 'graphql') {
    return context.switchToHttp().getRequest<T>();
  }
  const gql = context.getArgByIndex<
    { req?: T; request?: T; reply?: { request?: T } } | undefined
  >(2);
  return (gql?.req ?? gql?.request ?? gql?.reply?.request) as T;
}

/** The reply behind a guarded call (GraphQL: the context's `res` or Mercurius' `reply`). */
export function responseOf<T>(context: ExecutionContext): T {
  if ((context.getType() as string) !== 'graphql') {
    return context.switchToHttp().getResponse<T>();
  }
  const gql = context.getArgByIndex<{ res?: T; reply?: T } | undefined>(2);
  return (gql?.res ?? gql?.reply) as T;
}
