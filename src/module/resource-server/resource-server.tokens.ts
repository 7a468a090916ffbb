/** Injection token of the raw `ResourceServerModuleOptions` given to `forRoot`/`forRootAsync`. */
export const RESOURCE_SERVER_MODULE_OPTIONS = Symbol(
  'TOKENWARD_RESOURCE_SERVER_OPTIONS',
);
