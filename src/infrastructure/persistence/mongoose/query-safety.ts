import type { MongooseDefaultQueryMiddleware, Query, Schema } from 'mongoose';

/** Every query operation that takes a filter. */
const QUERY_OPERATIONS: MongooseDefaultQueryMiddleware[] = [
  'countDocuments',
  'deleteMany',
  'deleteOne',
  'distinct',
  'find',
  'findOne',
  'findOneAndDelete',
  'findOneAndReplace',
  'findOneAndUpdate',
  'replaceOne',
  'updateMany',
  'updateOne',
];

/**
 * Second line of defence against query-selector injection, behind the repositories' own string
 * casts: every query on a Tokenward model runs with `sanitizeFilter`, so an operator object
 * smuggled into a value (`{ $gt: '' }`) is wrapped in `$eq` and fails to cast instead of
 * matching. The repositories mark their own operators with `mongoose.trusted()`.
 */
export function hardenSchema<S extends Schema>(schema: S): S {
  schema.pre<Query<unknown, unknown>>(QUERY_OPERATIONS, function sanitize() {
    this.setOptions({ sanitizeFilter: true });
  });
  return schema;
}

/** Schema options shared by every Tokenward collection. */
export const TOKENWARD_SCHEMA_OPTIONS = {
  versionKey: false,
  // Unknown paths in a document are dropped; unknown paths in a filter throw instead of being
  // silently removed (which would widen the filter to every document).
  strict: true,
  strictQuery: 'throw',
  // The unique indexes are what makes registration race-free, so they are built at start-up
  // even when the host turned `autoIndex` off for its own models (createIndex is a no-op when
  // the index already exists).
  autoIndex: true,
} as const;

/**
 * The one way a value reaches a filter: as a string, whatever the caller passed. An operator
 * object (`{ $gt: '' }`) becomes the literal text `[object Object]`, which matches nothing.
 */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** A copy of `value` when it is a valid Date; anything else is a programming error. */
export function asDate(value: unknown): Date {
  const time = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(time))
    throw new TypeError('Tokenward repository expected a valid Date');
  return new Date(time);
}
