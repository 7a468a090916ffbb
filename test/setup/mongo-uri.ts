import { randomBytes } from 'node:crypto';

// Every spec file shares one MongoDB server (spec files run in parallel workers), so each spec
// must work in a database of its own: build its URI with uniqueMongoUri(inject('mongoUri'), ...)
// and drop that database when done.

const MAX_DB_NAME_LENGTH = 60; // MongoDB allows < 64 bytes.
const SUFFIX_BYTES = 6; // 12 hex chars

/**
 * Returns `baseUri` with its database replaced by `<label>_<random>`, keeping hosts,
 * credentials and the query string. Labels are reduced to lowercase `[a-z0-9_-]` (database names
 * that differ only in case clash in MongoDB).
 *
 * With credentials and no `authSource`, the driver authenticates against the database in the
 * path (or `admin` without one), so the original one is kept as `authSource`.
 */
export function uniqueMongoUri(baseUri: string, label: string): string {
  // Not `new URL()`: it rejects multi-host URIs such as mongodb://a:27017,b:27017/db.
  const match =
    /^(mongodb(?:\+srv)?:\/\/)([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(
      baseUri,
    );
  if (!match) throw new Error(`Not a MongoDB connection string: ${baseUri}`);
  const [, scheme, authority, originalDb = '', query = ''] = match;

  const suffix = randomBytes(SUFFIX_BYTES).toString('hex');
  const cleanLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, MAX_DB_NAME_LENGTH - suffix.length - 1) || 'test';
  const dbName = `${cleanLabel}_${suffix}`;

  let queryString = query;
  if (
    authority.includes('@') &&
    !new URLSearchParams(query).has('authSource')
  ) {
    const authSource = encodeURIComponent(
      decodeURIComponent(originalDb) || 'admin',
    );
    queryString += `${queryString ? '&' : ''}authSource=${authSource}`;
  }
  return `${scheme}${authority}/${dbName}${queryString ? `?${queryString}` : ''}`;
}
