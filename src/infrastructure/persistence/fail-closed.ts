import { asStorageError } from '../../application/services/error-description.js';
import { StorageUnavailableError } from '../../domain/errors/storage-unavailable.error.js';

/** Nest lifecycle hooks: the wrapped instance is a provider of its own and gets them itself. */
const LIFECYCLE_HOOKS = new Set<PropertyKey>([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * A repository whose every failure that is not a domain error becomes `StorageUnavailableError`
 * (503), and whose every call that has not answered within `timeoutMs` does too: a database outage,
 * a hung server, a driver bug or a host adapter that throws or never answers must make requests
 * fail closed with a clear code, in bounded time — never answer 500, hang on the driver's own
 * timeouts (tens of seconds) or, worse, let a request through.
 *
 * A call given up on keeps running (a promise cannot be cancelled) and may still complete — a
 * write may land after its 503 — but its outcome, success or failure, is dropped without an
 * unhandled rejection. Lifecycle hooks (index builds at start-up) are not bounded.
 */
export function failClosed<T extends object>(
  repository: T,
  timeoutMs: number,
): T {
  return new Proxy(repository, {
    get(target, key, receiver) {
      if (LIFECYCLE_HOOKS.has(key)) return undefined;
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          throw asStorageError(error);
        }
        return isThenable(result) ? bounded(result, timeoutMs) : result;
      };
    },
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** `call`'s outcome, or `StorageUnavailableError` once `timeoutMs` passed without one. */
function bounded(
  call: PromiseLike<unknown>,
  timeoutMs: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new StorageUnavailableError(
          'Authentication storage did not answer in time',
          { cause: new Error(`No answer within ${timeoutMs} ms`) },
        ),
      );
    }, timeoutMs);
    // A pending storage call must not keep a process alive on its own (the socket does if needed).
    timer.unref();
    // Settling an already rejected promise is a no-op: a late outcome is dropped, and this handler
    // is what keeps a late rejection from being reported as unhandled.
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asStorageError(error));
      },
    );
  });
}
