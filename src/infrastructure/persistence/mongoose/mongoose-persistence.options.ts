// Deliberately free of any `mongoose` / `@nestjs/mongoose` import: the module shape reads this
// file for every storage, and both packages are optional peers that memory users do not install.

/** How `storage: 'mongoose'` finds its connection and names its collections. */
export interface MongoosePersistenceOptions {
  /** Name given to the host's `MongooseModule.forRoot(uri, { connectionName })`. Default: the unnamed connection. */
  connectionName?: string;
  /** Prefix of every collection Tokenward creates, so none collides with the host's. Default `tokenward_`. */
  collectionPrefix?: string;
}

/** `MongoosePersistenceOptions` with defaults applied and the derived collection/model names. */
export interface ResolvedMongoosePersistenceOptions {
  readonly connectionName: string | undefined;
  readonly collections: {
    readonly users: string;
    readonly sessions: string;
    readonly rotationState: string;
    readonly loginAttempts: string;
    readonly signingKeys: string;
    readonly auditLog: string;
    readonly rateLimits: string;
    readonly accountTokens: string;
    readonly mailOutbox: string;
  };
  readonly models: {
    readonly users: string;
    readonly sessions: string;
    readonly rotationState: string;
    readonly loginAttempts: string;
    readonly signingKeys: string;
    readonly auditLog: string;
    readonly rateLimits: string;
    readonly accountTokens: string;
    readonly mailOutbox: string;
  };
}

/** Collection prefix used when the host sets none. */
export const DEFAULT_COLLECTION_PREFIX = 'tokenward_';

// Letters, digits, `_`, `-` and `.` only: no `$` or NUL (invalid in collection names) and nothing
// that could reach into `system.*`.
const PREFIX_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Internal DI tokens of the mongoose adapters; the module shape aliases the ports to them. */
export const MONGOOSE_USER_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_USER_REPOSITORY',
);
/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_SESSION_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_SESSION_REPOSITORY',
);
/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_ROTATION_STATE_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_ROTATION_STATE_REPOSITORY',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_LOGIN_ATTEMPT_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_LOGIN_ATTEMPT_REPOSITORY',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_SIGNING_KEY_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_SIGNING_KEY_REPOSITORY',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_AUDIT_LOG_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_AUDIT_LOG_REPOSITORY',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_RATE_LIMIT_STORAGE = Symbol(
  'TOKENWARD_MONGOOSE_RATE_LIMIT_STORAGE',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_ACCOUNT_TOKEN_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_ACCOUNT_TOKEN_REPOSITORY',
);

/** See `MONGOOSE_USER_REPOSITORY`. */
export const MONGOOSE_MAIL_OUTBOX_REPOSITORY = Symbol(
  'TOKENWARD_MONGOOSE_MAIL_OUTBOX_REPOSITORY',
);

/**
 * Internal DI tokens of the models. The connection name and collection prefix are only
 * known at run time, so `@InjectModel(name, connection)` cannot be written on the classes; the
 * module binds these to `getModelToken(name, connectionName)` instead.
 */
export const TOKENWARD_USER_MODEL = Symbol('TOKENWARD_USER_MODEL');
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_SESSION_MODEL = Symbol('TOKENWARD_SESSION_MODEL');
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_ROTATION_STATE_MODEL = Symbol(
  'TOKENWARD_ROTATION_STATE_MODEL',
);
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_LOGIN_ATTEMPT_MODEL = Symbol(
  'TOKENWARD_LOGIN_ATTEMPT_MODEL',
);
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_SIGNING_KEY_MODEL = Symbol(
  'TOKENWARD_SIGNING_KEY_MODEL',
);
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_AUDIT_LOG_MODEL = Symbol('TOKENWARD_AUDIT_LOG_MODEL');
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_RATE_LIMIT_MODEL = Symbol('TOKENWARD_RATE_LIMIT_MODEL');
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_ACCOUNT_TOKEN_MODEL = Symbol(
  'TOKENWARD_ACCOUNT_TOKEN_MODEL',
);
/** See `TOKENWARD_USER_MODEL`. */
export const TOKENWARD_MAIL_OUTBOX_MODEL = Symbol(
  'TOKENWARD_MAIL_OUTBOX_MODEL',
);

/** Validates the options and derives collection and model names; throws on an unusable prefix. */
export function resolveMongoosePersistenceOptions(
  options: MongoosePersistenceOptions = {},
): ResolvedMongoosePersistenceOptions {
  const prefix = options.collectionPrefix ?? DEFAULT_COLLECTION_PREFIX;
  if (
    typeof prefix !== 'string' ||
    !PREFIX_PATTERN.test(prefix) ||
    prefix.startsWith('system.')
  ) {
    throw new Error(
      'Tokenward mongoose.collectionPrefix must be 1-64 letters, digits, "_", "-" or "." ' +
        '(not starting with "." or "system.")',
    );
  }
  const connectionName = options.connectionName;
  if (
    connectionName !== undefined &&
    (typeof connectionName !== 'string' || connectionName === '')
  ) {
    throw new Error(
      'Tokenward mongoose.connectionName must be a non-empty string when set',
    );
  }
  const collections = {
    users: `${prefix}users`,
    sessions: `${prefix}sessions`,
    rotationState: `${prefix}rotation_state`,
    loginAttempts: `${prefix}login_attempts`,
    signingKeys: `${prefix}signing_keys`,
    auditLog: `${prefix}audit_log`,
    rateLimits: `${prefix}rate_limits`,
    accountTokens: `${prefix}account_tokens`,
    mailOutbox: `${prefix}mail_outbox`,
  };
  // @nestjs/mongoose reuses a model that already exists under the same name on the connection,
  // whatever its collection: names derived from the collection keep a host's own `User` model, or
  // a second Tokenward prefix on the same connection, from being picked up by mistake.
  const models = {
    users: `Tokenward:${collections.users}`,
    sessions: `Tokenward:${collections.sessions}`,
    rotationState: `Tokenward:${collections.rotationState}`,
    loginAttempts: `Tokenward:${collections.loginAttempts}`,
    signingKeys: `Tokenward:${collections.signingKeys}`,
    auditLog: `Tokenward:${collections.auditLog}`,
    rateLimits: `Tokenward:${collections.rateLimits}`,
    accountTokens: `Tokenward:${collections.accountTokens}`,
    mailOutbox: `Tokenward:${collections.mailOutbox}`,
  };
  return { connectionName, collections, models };
}
