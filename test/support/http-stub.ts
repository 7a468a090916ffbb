import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stub received. */
export interface StubRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type StubHandler = (
  request: StubRequest,
  response: ServerResponse,
) => void | Promise<void>;

/** A tiny HTTP server on 127.0.0.1 whose answers a test decides (stands in for an auth app). */
export interface HttpStub {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: StubRequest[];
  handler: StubHandler;
  /** Stops listening and drops open connections: clients then get "connection refused". */
  close(): Promise<void>;
}

export async function startHttpStub(handler: StubHandler): Promise<HttpStub> {
  const requests: StubRequest[] = [];
  const stub = {
    origin: '',
    requests,
    handler,
    close: async () => {},
  } as HttpStub & { origin: string };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: StubRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      void Promise.resolve(stub.handler(request, res)).catch(() => {
        res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  stub.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return stub;
}

/** Answers with a JSON body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
