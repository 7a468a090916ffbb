import { Module, type DynamicModule } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type {
  MongooseAdapterClass,
  MongooseRepository,
  ResolvedMongoosePersistenceOptions,
} from './mongoose-persistence.options.js';

/** A repository with its adapter loaded. */
export interface LoadedMongooseRepository extends Omit<
  MongooseRepository,
  'load'
> {
  readonly adapter: MongooseAdapterClass;
}

/**
 * Registers Tokenward's schemas on the host's connection and provides each mongoose adapter under
 * its token, built with its model. Loaded lazily by `mongoosePersistenceParts()`; not meant to be
 * imported directly.
 */
@Module({})
export class MongoosePersistenceModule {
  static register(
    options: ResolvedMongoosePersistenceOptions,
    repositories: readonly LoadedMongooseRepository[],
  ): DynamicModule {
    const { connectionName, collectionPrefix } = options;
    const named = repositories.map((repository) => {
      const collection = `${collectionPrefix}${repository.collection}`;
      // @nestjs/mongoose reuses a model that already exists under the same name on the
      // connection, whatever its collection: a name derived from the collection keeps a host's own
      // `User` model, or a second Tokenward prefix on the same connection, from being picked up.
      return { ...repository, collection, model: `Tokenward:${collection}` };
    });
    return {
      module: MongoosePersistenceModule,
      imports: [
        MongooseModule.forFeature(
          named.map(({ model, adapter, collection }) => ({
            name: model,
            schema: adapter.schema as never,
            collection,
          })),
          connectionName,
        ),
      ],
      // The connection name and prefix are only known at run time, so `@InjectModel(name,
      // connection)` cannot be written on the classes: each adapter is built with its model.
      providers: named.map(({ token, model, adapter }) => ({
        provide: token,
        useFactory: (found: Model<unknown>) => new adapter(found as never),
        inject: [getModelToken(model, connectionName)],
      })),
      exports: named.map(({ token }) => token),
    };
  }
}
