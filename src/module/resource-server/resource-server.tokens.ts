/** Injection token of the raw `ResourceServerModuleOptions` given to `forRoot`/`forRootAsync`. */
export const RESOURCE_SERVER_MODULE_OPTIONS = Symbol(
  'TOKENWARD_RESOURCE_SERVER_OPTIONS',
);

/** Internal token of the validated options (never exported: it holds the client secret). */
export const RESOLVED_RESOURCE_SERVER_OPTIONS = Symbol(
  'TOKENWARD_RESOURCE_SERVER_RESOLVED_OPTIONS',
);
