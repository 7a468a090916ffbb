// Deliberately free of any `mongoose` / `@nestjs/mongoose` import: the module wiring reads this
// file for every storage, and both packages are optional peers that memory users do not install.

/** How `storage: 'mongoose'` finds its connection and names its collections. */
export interface MongoosePersistenceOptions {
  /** Name given to the host's `MongooseModule.forRoot(uri, { connectionName })`. Default: the unnamed connection. */
  connectionName?: string;
  /** Prefix of every collection Tokenward creates, so none collides with the host's. Default `tokenward_`. */
  collectionPrefix?: string;
}

/** `MongoosePersistenceOptions` validated, with defaults applied. */
export interface ResolvedMongoosePersistenceOptions {
  readonly connectionName: string | undefined;
  readonly collectionPrefix: string;
}

/**
 * A mongoose adapter class: built with its model, and carrying the schema of its collection. The
 * types are structural so that nothing reachable from the package's typings names `mongoose`.
 */
export interface MongooseAdapterClass {
  new (model: never): object;
  readonly schema: object;
}

/** One repository as the mongoose module registers it. */
export interface MongooseRepository {
  /** The token the adapter is provided (and exported) under. */
  readonly token: symbol;
  /** The collection, after the prefix. */
  readonly collection: string;
  /** Loads the adapter class (a dynamic `import()`). */
  readonly load: () => Promise<MongooseAdapterClass>;
}

/** Collection prefix used when the host sets none. */
export const DEFAULT_COLLECTION_PREFIX = 'tokenward_';

// Letters, digits, `_`, `-` and `.` only: no `$` or NUL (invalid in collection names) and nothing
// that could reach into `system.*`.
const PREFIX_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Validates the options; throws on an unusable prefix or connection name. */
export function resolveMongoosePersistenceOptions(
  options: MongoosePersistenceOptions = {},
): ResolvedMongoosePersistenceOptions {
  const prefix = options.collectionPrefix ?? DEFAULT_COLLECTION_PREFIX;
  if (
    typeof prefix !== 'string' ||
    !PREFIX_PATTERN.test(prefix) ||
    prefix.startsWith('system.')
  ) {
    throw new Error(
      'Tokenward mongoose.collectionPrefix must be 1-64 letters, digits, "_", "-" or "." ' +
        '(not starting with "." or "system.")',
    );
  }
  const connectionName = options.connectionName;
  if (
    connectionName !== undefined &&
    (typeof connectionName !== 'string' || connectionName === '')
  ) {
    throw new Error(
      'Tokenward mongoose.connectionName must be a non-empty string when set',
    );
  }
  return { connectionName, collectionPrefix: prefix };
}
