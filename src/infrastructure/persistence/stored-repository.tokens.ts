/**
 * Internal tokens under which a storage adapter registers its repositories. The module binds the
 * public ports (`UserRepository`, ...) to fail-closed wrappers of these.
 */
export const STORED_USER_REPOSITORY = Symbol(
  'TOKENWARD_STORED_USER_REPOSITORY',
);
/** See `STORED_USER_REPOSITORY`. */
export const STORED_SESSION_REPOSITORY = Symbol(
  'TOKENWARD_STORED_SESSION_REPOSITORY',
);
/** See `STORED_USER_REPOSITORY`. */
export const STORED_ROTATION_STATE_REPOSITORY = Symbol(
  'TOKENWARD_STORED_ROTATION_STATE_REPOSITORY',
);
/** See `STORED_USER_REPOSITORY`. */
export const STORED_LOGIN_ATTEMPT_REPOSITORY = Symbol(
  'TOKENWARD_STORED_LOGIN_ATTEMPT_REPOSITORY',
);
/** See `STORED_USER_REPOSITORY`. */
export const STORED_SIGNING_KEY_REPOSITORY = Symbol(
  'TOKENWARD_STORED_SIGNING_KEY_REPOSITORY',
);
/** See `STORED_USER_REPOSITORY`. */
export const STORED_AUDIT_LOG_REPOSITORY = Symbol(
  'TOKENWARD_STORED_AUDIT_LOG_REPOSITORY',
);
