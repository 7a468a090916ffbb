import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SessionClient } from '../../../domain/entities/session.entity.js';

interface ClientRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Where a request came from, as a session records it: `request.ip` (Express' and Fastify's, so the
 * host's trust-proxy setting decides) and the `User-Agent` header (bounded by the session).
 */
export function clientOf(request: ClientRequest): SessionClient {
  const agent = request.headers['user-agent'];
  return {
    ip: typeof request.ip === 'string' ? request.ip : null,
    userAgent: typeof agent === 'string' ? agent : null,
  };
}

/** The request's client (IP and `User-Agent`), see `clientOf`. */
export const ClientInfo = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SessionClient =>
    clientOf(context.switchToHttp().getRequest<ClientRequest>()),
);
