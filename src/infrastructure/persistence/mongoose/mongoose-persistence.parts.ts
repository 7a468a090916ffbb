import type { DynamicModule, Provider } from '@nestjs/common';
import {
  resolveMongoosePersistenceOptions,
  type MongoosePersistenceOptions,
  type MongooseRepository,
} from './mongoose-persistence.options.js';

/** What a storage adapter adds to the AuthModule. */
export interface PersistenceParts {
  readonly imports: Array<DynamicModule | Promise<DynamicModule>>;
  readonly providers: Provider[];
}

/**
 * The AuthModule's share of `storage: 'mongoose'`: one import that registers the schemas on the
 * host's connection (`MongooseModule.forRoot` in the host, optionally named) and provides each
 * adapter under its token.
 *
 * The mongoose code is loaded with dynamic `import()`s (Nest accepts a promised module in
 * `imports`): `mongoose` and `@nestjs/mongoose` are optional peers, and a static import here
 * would break every host that uses the memory store without them installed.
 */
export function mongoosePersistenceParts(
  repositories: readonly MongooseRepository[],
  options?: MongoosePersistenceOptions,
): PersistenceParts {
  const resolved = resolveMongoosePersistenceOptions(options);
  const module = Promise.all([
    import('./mongoose-persistence.module.js'),
    ...repositories.map((repository) => repository.load()),
  ]).then(
    ([{ MongoosePersistenceModule }, ...adapters]) =>
      MongoosePersistenceModule.register(
        resolved,
        repositories.map((repository, i) => ({
          token: repository.token,
          collection: repository.collection,
          adapter: adapters[i]!,
        })),
      ),
    (error: unknown) => {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND')
        throw error;
      throw new Error(
        "Tokenward storage 'mongoose' needs the mongoose and @nestjs/mongoose packages: " +
          'npm install mongoose @nestjs/mongoose',
        { cause: error },
      );
    },
  );
  // Without a handler, a failed load would be reported as unhandled before Nest awaits it.
  module.catch(() => undefined);
  return { imports: [module], providers: [] };
}
