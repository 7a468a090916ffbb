import { Module, type DynamicModule } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { MongooseRotationStateRepository } from './mongoose-rotation-state.repository.js';
import { MongooseSessionRepository } from './mongoose-session.repository.js';
import { MongooseUserRepository } from './mongoose-user.repository.js';
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
  TOKENWARD_ACCOUNT_TOKEN_MODEL,
  TOKENWARD_AUDIT_LOG_MODEL,
  TOKENWARD_MAIL_OUTBOX_MODEL,
  TOKENWARD_LOGIN_ATTEMPT_MODEL,
  TOKENWARD_RATE_LIMIT_MODEL,
  TOKENWARD_SIGNING_KEY_MODEL,
  TOKENWARD_ROTATION_STATE_MODEL,
  TOKENWARD_SESSION_MODEL,
  TOKENWARD_USER_MODEL,
  type ResolvedMongoosePersistenceOptions,
} from './mongoose-persistence.options.js';
import { AccountTokenSchema } from './account-token.schema.js';
import { AuditRecordSchema } from './audit-record.schema.js';
import { MailIntentSchema } from './mail-intent.schema.js';
import { MongooseAccountTokenRepository } from './mongoose-account-token.repository.js';
import { MongooseMailOutboxRepository } from './mongoose-mail-outbox.repository.js';
import { MongooseAuditLogRepository } from './mongoose-audit-log.repository.js';
import { MongooseLoginAttemptRepository } from './mongoose-login-attempt.repository.js';
import { MongooseRateLimitStorage } from './mongoose-rate-limit.storage.js';
import { MongooseSigningKeyRepository } from './mongoose-signing-key.repository.js';
import { RotationStateSchema } from './rotation-state.schema.js';
import { SigningKeyRingSchema } from './signing-key.schema.js';
import { SessionSchema } from './session.schema.js';
import { UserSchema } from './user.schema.js';
import { WindowedCounterSchema } from './windowed-counter.schema.js';

/**
 * Registers Tokenward's schemas on the host's connection and provides the mongoose
 * repositories. Loaded lazily by `mongoosePersistenceParts()`; not meant to be imported directly.
 */
@Module({})
export class MongoosePersistenceModule {
  static register(options: ResolvedMongoosePersistenceOptions): DynamicModule {
    const { connectionName, collections, models } = options;
    return {
      module: MongoosePersistenceModule,
      imports: [
        MongooseModule.forFeature(
          [
            {
              name: models.users,
              schema: UserSchema,
              collection: collections.users,
            },
            {
              name: models.sessions,
              schema: SessionSchema,
              collection: collections.sessions,
            },
            {
              name: models.rotationState,
              schema: RotationStateSchema,
              collection: collections.rotationState,
            },
            {
              name: models.loginAttempts,
              schema: WindowedCounterSchema,
              collection: collections.loginAttempts,
            },
            {
              name: models.signingKeys,
              schema: SigningKeyRingSchema,
              collection: collections.signingKeys,
            },
            {
              name: models.auditLog,
              schema: AuditRecordSchema,
              collection: collections.auditLog,
            },
            {
              name: models.rateLimits,
              schema: WindowedCounterSchema,
              collection: collections.rateLimits,
            },
            {
              name: models.accountTokens,
              schema: AccountTokenSchema,
              collection: collections.accountTokens,
            },
            {
              name: models.mailOutbox,
              schema: MailIntentSchema,
              collection: collections.mailOutbox,
            },
          ],
          connectionName,
        ),
      ],
      providers: [
        {
          provide: TOKENWARD_USER_MODEL,
          useExisting: getModelToken(models.users, connectionName),
        },
        {
          provide: TOKENWARD_SESSION_MODEL,
          useExisting: getModelToken(models.sessions, connectionName),
        },
        {
          provide: TOKENWARD_ROTATION_STATE_MODEL,
          useExisting: getModelToken(models.rotationState, connectionName),
        },
        {
          provide: TOKENWARD_LOGIN_ATTEMPT_MODEL,
          useExisting: getModelToken(models.loginAttempts, connectionName),
        },
        {
          provide: TOKENWARD_SIGNING_KEY_MODEL,
          useExisting: getModelToken(models.signingKeys, connectionName),
        },
        {
          provide: TOKENWARD_AUDIT_LOG_MODEL,
          useExisting: getModelToken(models.auditLog, connectionName),
        },
        {
          provide: TOKENWARD_RATE_LIMIT_MODEL,
          useExisting: getModelToken(models.rateLimits, connectionName),
        },
        {
          provide: TOKENWARD_ACCOUNT_TOKEN_MODEL,
          useExisting: getModelToken(models.accountTokens, connectionName),
        },
        {
          provide: TOKENWARD_MAIL_OUTBOX_MODEL,
          useExisting: getModelToken(models.mailOutbox, connectionName),
        },
        { provide: MONGOOSE_USER_REPOSITORY, useClass: MongooseUserRepository },
        {
          provide: MONGOOSE_SESSION_REPOSITORY,
          useClass: MongooseSessionRepository,
        },
        {
          provide: MONGOOSE_ROTATION_STATE_REPOSITORY,
          useClass: MongooseRotationStateRepository,
        },
        {
          provide: MONGOOSE_LOGIN_ATTEMPT_REPOSITORY,
          useClass: MongooseLoginAttemptRepository,
        },
        {
          provide: MONGOOSE_SIGNING_KEY_REPOSITORY,
          useClass: MongooseSigningKeyRepository,
        },
        {
          provide: MONGOOSE_AUDIT_LOG_REPOSITORY,
          useClass: MongooseAuditLogRepository,
        },
        {
          provide: MONGOOSE_RATE_LIMIT_STORAGE,
          useClass: MongooseRateLimitStorage,
        },
        {
          provide: MONGOOSE_ACCOUNT_TOKEN_REPOSITORY,
          useClass: MongooseAccountTokenRepository,
        },
        {
          provide: MONGOOSE_MAIL_OUTBOX_REPOSITORY,
          useClass: MongooseMailOutboxRepository,
        },
      ],
      exports: [
        MONGOOSE_USER_REPOSITORY,
        MONGOOSE_SESSION_REPOSITORY,
        MONGOOSE_ROTATION_STATE_REPOSITORY,
        MONGOOSE_LOGIN_ATTEMPT_REPOSITORY,
        MONGOOSE_SIGNING_KEY_REPOSITORY,
        MONGOOSE_AUDIT_LOG_REPOSITORY,
        MONGOOSE_RATE_LIMIT_STORAGE,
        MONGOOSE_ACCOUNT_TOKEN_REPOSITORY,
        MONGOOSE_MAIL_OUTBOX_REPOSITORY,
      ],
    };
  }
}
