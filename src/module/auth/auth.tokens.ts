/** Injection token of the raw `AuthModuleOptions` given to `forRoot`/`forRootAsync`. */
export const AUTH_MODULE_OPTIONS = Symbol('TOKENWARD_MODULE_OPTIONS');
