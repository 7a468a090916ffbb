import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MongoTestServer } from '../../scripts/mongo-test-server.mjs';

/** A MongoDB for a benchmark: `MONGODB_URI` if set, else the bundled test server on loopback. */
export async function benchMongo(): Promise<{
  uri: string;
  stop(): Promise<void>;
}> {
  const base = process.env.MONGODB_URI;
  const database = `tokenward_bench_${randomBytes(4).toString('hex')}`;
  if (base !== undefined && base !== '') {
    return { uri: withDatabase(base, database), stop: async () => undefined };
  }
  // Resolved from the package root: the compiled bench runs from dist/bench.
  const script = pathToFileURL(
    join(process.cwd(), 'scripts', 'mongo-test-server.mjs'),
  ).href;
  const { startMongoTestServer } = (await import(script)) as {
    startMongoTestServer(): Promise<MongoTestServer>;
  };
  const server = await startMongoTestServer();
  return { uri: withDatabase(server.uri, database), stop: () => server.stop() };
}

function withDatabase(uri: string, database: string): string {
  const [withoutQuery, query] = uri.split('?', 2) as [
    string,
    string | undefined,
  ];
  const hostPart = withoutQuery.replace(
    /^(mongodb(?:\+srv)?:\/\/[^/]*)(\/.*)?$/,
    '$1',
  );
  return `${hostPart}/${database}${query === undefined ? '' : `?${query}`}`;
}
