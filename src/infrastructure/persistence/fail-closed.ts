import { asStorageError } from '../../application/services/error-description.js';

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
 * (503): a database outage, a driver bug or a host adapter that throws must make requests fail
 * closed with a clear code, never answer 500 or, worse, let a request through.
 */
export function failClosed<T extends object>(repository: T): T {
  return new Proxy(repository, {
    get(target, key, receiver) {
      if (LIFECYCLE_HOOKS.has(key)) return undefined;
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                throw asStorageError(error);
              })
            : result;
        } catch (error) {
          throw asStorageError(error);
        }
      };
    },
  });
}
