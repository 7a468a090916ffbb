/** Injection token of the raw `AuthModuleOptions` given to `forRoot`/`forRootAsync`. */
export const AUTH_MODULE_OPTIONS = Symbol('TOKENWARD_MODULE_OPTIONS');

/** Internal token of the validated options (never exported: it holds the master secret). */
export const RESOLVED_AUTH_OPTIONS = Symbol('TOKENWARD_RESOLVED_OPTIONS');
