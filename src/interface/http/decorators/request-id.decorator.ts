import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Header a client (or a proxy) may send to correlate its request with Tokenward's audit trail. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a client-sent id may look like: 1-128 characters that are harmless in a header, a log
 * line, a JSON string and a query (no spaces, quotes, control characters or `$`).
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where the id is kept on the request, so every read of one request gets the same id. */
const REQUEST_ID_KEY = Symbol('tokenward.requestId');

interface RequestWithId {
  headers: Record<string, string | string[] | undefined>;
  [REQUEST_ID_KEY]?: string;
}

/** Express' `res.header(name, value)` and Fastify's `reply.header(name, value)` alike. */
interface HeaderSetter {
  header?: (name: string, value: string) => unknown;
}

/** The client's `X-Request-Id` when it is sane, else a new UUID; the same for every call. */
export function requestIdOf(request: RequestWithId): string {
  const known = request[REQUEST_ID_KEY];
  if (known !== undefined) return known;
  const sent = request.headers[REQUEST_ID_HEADER];
  const id =
    typeof sent === 'string' && SANE_REQUEST_ID.test(sent)
      ? sent
      : randomUUID();
  request[REQUEST_ID_KEY] = id;
  return id;
}

/**
 * The request's correlation id (see `requestIdOf`), for commands that record it in the audit
 * trail. It is also set as the response's `X-Request-Id`, so a client whose id was refused (or
 * that sent none) learns the one its request was recorded under.
 */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const http = context.switchToHttp();
    const id = requestIdOf(http.getRequest<RequestWithId>());
    const response = http.getResponse<HeaderSetter>();
    if (typeof response.header === 'function') {
      response.header(REQUEST_ID_HEADER, id);
    }
    return id;
  },
);
