import type { DynamicModule, Provider } from '@nestjs/common';
import {
  STORED_ACCOUNT_TOKEN_REPOSITORY,
  STORED_AUDIT_LOG_REPOSITORY,
  STORED_MAIL_OUTBOX_REPOSITORY,
  STORED_LOGIN_ATTEMPT_REPOSITORY,
  STORED_RATE_LIMIT_STORAGE,
  STORED_ROTATION_STATE_REPOSITORY,
  STORED_SESSION_REPOSITORY,
  STORED_SIGNING_KEY_REPOSITORY,
  STORED_USER_REPOSITORY,
} from '../stored-repository.tokens.js';
import {
  MONGOOSE_ACCOUNT_TOKEN_REPOSITORY,
  MONGOOSE_AUDIT_LOG_REPOSITORY,
  MONGOOSE_MAIL_OUTBOX_REPOSITORY,
  MONGOOSE_LOGIN_ATTEMPT_REPOSITORY,
  MONGOOSE_RATE_LIMIT_STORAGE,
  MONGOOSE_ROTATION_STATE_REPOSITORY,
  MONGOOSE_SESSION_REPOSITORY,
  MONGOOSE_SIGNING_KEY_REPOSITORY,
  MONGOOSE_USER_REPOSITORY,
  resolveMongoosePersistenceOptions,
  type MongoosePersistenceOptions,
} from './mongoose-persistence.options.js';

/** What a storage adapter adds to the AuthModule. */
export interface PersistenceParts {
  readonly imports: Array<DynamicModule | Promise<DynamicModule>>;
  readonly providers: Provider[];
}

/**
 * The AuthModule's share of `storage: 'mongoose'`: an import registering the schemas on the
 * host's connection (`MongooseModule.forRoot` in the host, optionally named) and the ports bound
 * to the mongoose repositories (the AuthModule binds the ports to fail-closed wrappers of them,
 * so it can export the ports and a host's `providers` can still replace any of them).
 *
 * The mongoose code is loaded with a dynamic `import()` (Nest accepts a promised module in
 * `imports`): `mongoose` and `@nestjs/mongoose` are optional peers, and a static import here
 * would break every host that uses the memory store without them installed.
 */
export function mongoosePersistenceParts(
  options?: MongoosePersistenceOptions,
): PersistenceParts {
  const resolved = resolveMongoosePersistenceOptions(options);
  const module = import('./mongoose-persistence.module.js').then(
    ({ MongoosePersistenceModule }) =>
      MongoosePersistenceModule.register(resolved),
    (error: unknown) => {
      if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND')
        throw error;
      throw new Error(
        "Tokenward storage 'mongoose' needs the mongoose and @nestjs/mongoose packages: " +
          'npm install mongoose @nestjs/mongoose',
        { cause: error },
      );
    },
  );
  // Without a handler, a failed load would be reported as unhandled before Nest awaits it.
  module.catch(() => undefined);
  return {
    imports: [module],
    providers: [
      {
        provide: STORED_USER_REPOSITORY,
        useExisting: MONGOOSE_USER_REPOSITORY,
      },
      {
        provide: STORED_SESSION_REPOSITORY,
        useExisting: MONGOOSE_SESSION_REPOSITORY,
      },
      {
        provide: STORED_ROTATION_STATE_REPOSITORY,
        useExisting: MONGOOSE_ROTATION_STATE_REPOSITORY,
      },
      {
        provide: STORED_LOGIN_ATTEMPT_REPOSITORY,
        useExisting: MONGOOSE_LOGIN_ATTEMPT_REPOSITORY,
      },
      {
        provide: STORED_SIGNING_KEY_REPOSITORY,
        useExisting: MONGOOSE_SIGNING_KEY_REPOSITORY,
      },
      {
        provide: STORED_AUDIT_LOG_REPOSITORY,
        useExisting: MONGOOSE_AUDIT_LOG_REPOSITORY,
      },
      // Rate-limit counters live in MongoDB too, so N instances do not allow N times the rate.
      {
        provide: STORED_RATE_LIMIT_STORAGE,
        useExisting: MONGOOSE_RATE_LIMIT_STORAGE,
      },
      {
        provide: STORED_ACCOUNT_TOKEN_REPOSITORY,
        useExisting: MONGOOSE_ACCOUNT_TOKEN_REPOSITORY,
      },
      {
        provide: STORED_MAIL_OUTBOX_REPOSITORY,
        useExisting: MONGOOSE_MAIL_OUTBOX_REPOSITORY,
      },
    ],
  };
}
