// Vitest globalSetup: gives every spec a real MongoDB via inject('mongoUri').
//
// The URI comes from, in order:
//   1. MONGODB_URI, when set: your own MongoDB (used as is, nothing is started or stopped);
//   2. the bundled in-memory MongoDB-wire server (scripts/mongo-test-server.mjs; Java 17 + Maven);
//   3. mongodb-memory-server, only if you installed it yourself (it is not a dependency).
// If none works the run fails with what to install: Mongo-backed tests are never skipped.
//
// One server is shared by all spec files, which run in parallel: each spec must use its own
// database, e.g. uniqueMongoUri(inject('mongoUri'), 'my-spec') from ./mongo-uri.js.

import type { TestProject } from 'vitest/node';
import { startMongoTestServer } from '../../scripts/mongo-test-server.mjs';

interface StartedMongo {
  uri: string;
  stop(): Promise<void>;
}

// Typed by hand and imported through a variable: the package is optional and usually absent.
interface MongoMemoryServerModule {
  MongoMemoryServer: {
    create(): Promise<{ getUri(): string; stop(): Promise<unknown> }>;
  };
}

async function startMongoMemoryServer(): Promise<StartedMongo> {
  const specifier = 'mongodb-memory-server';
  const { MongoMemoryServer } = (await import(
    specifier
  )) as MongoMemoryServerModule;
  const server = await MongoMemoryServer.create();
  return {
    uri: server.getUri(),
    stop: async () => {
      await server.stop();
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function resolveMongo(): Promise<StartedMongo> {
  const fromEnv = process.env.MONGODB_URI?.trim();
  if (fromEnv) return { uri: fromEnv, stop: async () => {} };

  const failures: string[] = [];
  try {
    return await startMongoTestServer();
  } catch (error) {
    failures.push(
      `- bundled server (scripts/mongo-test-server.mjs): ${describeError(error)}`,
    );
  }
  try {
    return await startMongoMemoryServer();
  } catch (error) {
    failures.push(`- mongodb-memory-server: ${describeError(error)}`);
  }

  throw new Error(
    [
      'No MongoDB available for the tests. Do one of:',
      '  * install Java 17+ (JDK) and Apache Maven, so the bundled in-memory server can run',
      '    (first run fetches its jars from Maven Central; or run `node scripts/mongo-test-server.mjs install`);',
      '  * set MONGODB_URI to a MongoDB 6+ you can use for tests, e.g. MONGODB_URI=mongodb://127.0.0.1:27017.',
      'Attempts:',
      ...failures,
    ].join('\n'),
  );
}

export default async function setup(
  project: TestProject,
): Promise<() => Promise<void>> {
  const mongo = await resolveMongo();
  project.provide('mongoUri', mongo.uri);
  return () => mongo.stop();
}
