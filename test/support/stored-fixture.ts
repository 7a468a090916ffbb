import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { uniqueMongoUri } from '../setup/mongo-uri.js';
import {
  startFixtureApp,
  type AdapterName,
  type FixtureApp,
  type FixtureOptions,
} from './fixture-app.js';

/** Where a fixture app stores its data. */
export type StorageName = 'memory' | 'mongoose';

/** Both HTTP adapters on both stores, for `describe.each`. */
export const ADAPTERS_AND_STORES = [
  ['express', 'memory'],
  ['fastify', 'memory'],
  ['express', 'mongoose'],
  ['fastify', 'mongoose'],
] as const satisfies ReadonlyArray<readonly [AdapterName, StorageName]>;

/**
 * Starts a fixture app on `storage` before the enclosing `describe`'s tests (on MongoDB in a
 * database of its own, named after `label`) and drops that database and closes the app after
 * them. Like `useFixtureApp`, the returned object forwards to the running app.
 */
export function useStoredFixtureApp(
  storage: StorageName,
  label: string,
  fixture: Omit<FixtureOptions, 'mongoUri'> = {},
): FixtureApp {
  let current: FixtureApp | undefined;
  beforeAll(async () => {
    current = await startFixtureApp({
      ...fixture,
      mongoUri:
        storage === 'mongoose'
          ? uniqueMongoUri(inject('mongoUri'), label)
          : undefined,
    });
  });
  afterAll(async () => {
    if (storage === 'mongoose') {
      await current?.app.get<Connection>(getConnectionToken()).dropDatabase();
    }
    await current?.close();
  });
  return new Proxy({} as FixtureApp, {
    get: (_target, key) => {
      if (current === undefined)
        throw new Error('the fixture app is not started yet');
      return Reflect.get(current, key) as unknown;
    },
  });
}
