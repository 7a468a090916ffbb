import { createRequire } from 'node:module';

// The package reads its own package.json by name (exported as ./package.json), which works from
// src/ under the tests and from dist/src/ once built, whatever the folder depth.
const require = createRequire(import.meta.url);

/** The installed nestjs-tokenward version, as `tokenward --version` prints it. */
export const TOKENWARD_VERSION = (
  require('nestjs-tokenward/package.json') as { version: string }
).version;
