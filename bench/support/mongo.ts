import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MongoTestServer } from '../../scripts/mongo-test-server.mjs';

/**
 * JVM flags of the bundled server under a benchmark (the test suites keep the server's own
 * start-up flags). A million users are about 2.7 GiB of live heap in its in-memory backend
 * (measured with `jcmd GC.heap_info` after a full collection). With the test flags (serial
 * collector, default heap growing towards a quarter of the RAM, C1 only) seeding them took 116 s
 * on a quiet machine, 41 s of it in collections, and every full collection stops the whole JVM:
 * one of 6 s quiet, stretched past 30 s by a loaded machine, leaves the driver's heartbeat
 * (`connectTimeoutMS`, 30 s) unanswered, and the driver then interrupts the `insertMany` in flight
 * ("interrupted due to server monitor timeout"). A fixed heap large enough that the old
 * generation never fills (no full collection at 1M users) and the parallel collector: 32 s, no
 * full collection. The heap only grows as it is used; `TOKENWARD_BENCH_MONGO_HEAP` (e.g. `12g`)
 * overrides its size.
 */
const BENCH_JAVA_OPTIONS = (heap: string): string[] => [
  '-XX:+UseParallelGC',
  `-Xms${heap}`,
  `-Xmx${heap}`,
];

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
    startMongoTestServer(options?: {
      javaOptions?: readonly string[];
    }): Promise<MongoTestServer>;
  };
  const server = await startMongoTestServer({
    javaOptions: BENCH_JAVA_OPTIONS(
      process.env.TOKENWARD_BENCH_MONGO_HEAP || '8g',
    ),
  });
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
