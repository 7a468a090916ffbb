// Values handed from globalSetup (test/setup/mongo.global-setup.ts) to specs via inject().
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base MongoDB URI without a database; use uniqueMongoUri() from ./mongo-uri.js. */
    mongoUri: string;
  }
}
