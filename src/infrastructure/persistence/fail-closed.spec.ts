import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';
import { UserAlreadyExistsError } from '../../domain/errors/user-already-exists.error.js';
import { failClosed } from './fail-closed.js';

const TIMEOUT_MS = 1000;

/** A promise and the functions that settle it, for a call answered (or not) when the test says. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A stand-in repository: each method does what the test puts in `next`. */
class Repository {
  next: () => unknown = () => Promise.resolve('answer');

  find(): unknown {
    return this.next();
  }

  onModuleInit(): Promise<void> {
    return Promise.resolve();
  }
}

describe('failClosed', () => {
  let raw: Repository;
  let repository: Repository;
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    raw = new Repository();
    repository = failClosed(raw, TIMEOUT_MS);
    unhandled.length = 0;
    process.on('unhandledRejection', record);
  });

  afterEach(() => {
    process.off('unhandledRejection', record);
    vi.useRealTimers();
  });

  it('passes a timely answer through and leaves no timer behind', async () => {
    await expect(repository.find()).resolves.toBe('answer');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a call that does not answer within the timeout into StorageUnavailableError', async () => {
    raw.next = () => new Promise(() => undefined);
    const call = repository.find() as Promise<unknown>;
    const outcome = call.then(
      () => 'answered',
      (error: unknown) => error,
    );

    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    await expect(
      Promise.race([outcome, Promise.resolve('pending')]),
    ).resolves.toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).not.toContain(String(TIMEOUT_MS));
  });

  it('drops a late failure without an unhandled rejection, and a late success without effect', async () => {
    const late = deferred<string>();
    const lateToo = deferred<string>();
    raw.next = () => late.promise;
    const failing = (repository.find() as Promise<unknown>).catch(
      (error: unknown) => error,
    );
    raw.next = () => lateToo.promise;
    const succeeding = (repository.find() as Promise<unknown>).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);

    late.reject(new Error('socket closed after the timeout'));
    lateToo.resolve('too late');
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));

    expect(await failing).toBeInstanceOf(StorageUnavailableError);
    expect(await succeeding).toBeInstanceOf(StorageUnavailableError);
    expect(unhandled).toEqual([]);
  });

  it('keeps domain errors and turns any other failure, thrown or rejected, into StorageUnavailableError', async () => {
    raw.next = () => Promise.reject(new UserAlreadyExistsError());
    await expect(repository.find()).rejects.toBeInstanceOf(
      UserAlreadyExistsError,
    );
    raw.next = () => Promise.reject(new Error('connect ECONNREFUSED'));
    await expect(repository.find()).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
    raw.next = () => {
      throw new Error('driver bug');
    };
    expect(() => repository.find()).toThrow(StorageUnavailableError);
  });

  it('bounds thenables too (a host may return a query object instead of a promise)', async () => {
    raw.next = () => ({ then: () => undefined });
    const call = repository.find() as Promise<unknown>;
    const outcome = call.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(await outcome).toBeInstanceOf(StorageUnavailableError);
  });

  it('hides lifecycle hooks: the wrapped provider runs its own, unbounded (index builds)', () => {
    expect(repository.onModuleInit).toBeUndefined();
  });
});
