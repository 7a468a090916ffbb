/** Injection token of the admin account to bootstrap (or null). */
export const EXAMPLE_ADMIN = Symbol('EXAMPLE_ADMIN');
