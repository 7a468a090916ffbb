import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthConfig } from './application/auth-config.js';
import { AuthenticateUserHandler } from './application/commands/authenticate-user/authenticate-user.handler.js';
import { GenerateAuthTokensHandler } from './application/commands/generate-auth-tokens/generate-auth-tokens.handler.js';
import { RefreshAuthTokensHandler } from './application/commands/refresh-auth-tokens/refresh-auth-tokens.handler.js';
import { RegisterUserHandler } from './application/commands/register-user/register-user.handler.js';
import { RevokeAllUserSessionsHandler } from './application/commands/revoke-all-user-sessions/revoke-all-user-sessions.handler.js';
import { RevokeSessionHandler } from './application/commands/revoke-session/revoke-session.handler.js';
import { SetUserStatusHandler } from './application/commands/set-user-status/set-user-status.handler.js';
import { TriggerGlobalTokenRotationHandler } from './application/commands/trigger-global-token-rotation/trigger-global-token-rotation.handler.js';
import { TriggerSigningKeyRotationHandler } from './application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.handler.js';
import { GetJsonWebKeySetHandler } from './application/queries/get-json-web-key-set/get-json-web-key-set.handler.js';
import { GetTokenwardStatusHandler } from './application/queries/get-tokenward-status/get-tokenward-status.handler.js';
import { GetSigningKeysHandler } from './application/queries/get-signing-keys/get-signing-keys.handler.js';
import { SigningKeyRingService } from './application/services/signing-key-ring.service.js';
import { SigningKeyMaterial } from './domain/ports/signing-key-material.js';
import { SigningKeySource } from './domain/ports/signing-key-source.js';
import { SigningKeyRepository } from './domain/ports/signing-key.repository.js';
import { NodeSigningKeyMaterial } from './infrastructure/crypto/node-signing-key.material.js';
import { TriggerUserTokenRotationHandler } from './application/commands/trigger-user-token-rotation/trigger-user-token-rotation.handler.js';
import { GetCurrentUserHandler } from './application/queries/get-current-user/get-current-user.handler.js';
import { GetGlobalRotationStateHandler } from './application/queries/get-global-rotation-state/get-global-rotation-state.handler.js';
import { IntrospectTokenHandler } from './application/queries/introspect-token/introspect-token.handler.js';
import { ListActiveUsersHandler } from './application/queries/list-active-users/list-active-users.handler.js';
import { ListAuditRecordsHandler } from './application/queries/list-audit-records/list-audit-records.handler.js';
import { ValidateAccessTokenHandler } from './application/queries/validate-access-token/validate-access-token.handler.js';
import { AccessTokenValidator } from './application/services/access-token-validator.service.js';
import { AuditTrail } from './application/services/audit-trail.service.js';
import { IntrospectionClientLockout } from './application/services/introspection-client-lockout.service.js';
import { RevocationStateService } from './application/services/revocation-state.service.js';
import { TokenIssuer } from './application/services/token-issuer.service.js';
import type {
  AuthModuleExtras,
  AuthModuleOptions,
  ResolvedAuthOptions,
} from './auth-options.js';
import { resolveAuthOptions } from './auth-options.js';
import { AUTH_MODULE_OPTIONS } from './auth-options.token.js';
import { AccessTokenSigner } from './domain/ports/access-token-signer.js';
import { AuditLogRepository } from './domain/ports/audit-log.repository.js';
import { Clock } from './domain/ports/clock.js';
import { PasswordHasher } from './domain/ports/password-hasher.js';
import { RefreshTokenGenerator } from './domain/ports/refresh-token-generator.js';
import { RotationStateRepository } from './domain/ports/rotation-state.repository.js';
import { SessionRepository } from './domain/ports/session.repository.js';
import { UserRepository } from './domain/ports/user.repository.js';
import { SystemClock } from './infrastructure/clock/system.clock.js';
import { Argon2PasswordHasher } from './infrastructure/crypto/argon2-password.hasher.js';
import { JwtAccessTokenSigner } from './infrastructure/crypto/jwt-access-token.signer.js';
import { Sha256RefreshTokenGenerator } from './infrastructure/crypto/sha256-refresh-token.generator.js';
import { memoryPersistenceProviders } from './infrastructure/persistence/memory/memory-persistence.providers.js';
import { DEFAULT_COLLECTION_PREFIX } from './infrastructure/persistence/mongoose/mongoose-persistence.options.js';
import {
  mongoosePersistenceParts,
  type PersistenceParts,
} from './infrastructure/persistence/mongoose/mongoose-persistence.parts.js';
import { createPrefixedControllers } from './interface/http/controllers/prefixed-controllers.js';
import { AuthExceptionFilter } from './interface/http/filters/auth-exception.filter.js';
import { IntrospectionClientGuard } from './interface/http/guards/introspection-client.guard.js';
import { JwtAuthGuard } from './interface/http/guards/jwt-auth.guard.js';
import { RolesGuard } from './interface/http/guards/roles.guard.js';
import { LoginAttemptRepository } from './domain/ports/login-attempt.repository.js';
import { RateLimitStorage } from './domain/ports/rate-limit-storage.js';
import { AccountTokenRepository } from './domain/ports/account-token.repository.js';
import { MailOutboxRepository } from './domain/ports/mail-outbox.repository.js';
import { failClosed } from './infrastructure/persistence/fail-closed.js';
import { ConcurrencyGate } from './infrastructure/crypto/concurrency-gate.js';
import { GatedPasswordHasher } from './infrastructure/crypto/gated-password.hasher.js';
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
} from './infrastructure/persistence/stored-repository.tokens.js';
import { AuthRateLimitGuard } from './interface/http/guards/auth-rate-limit.guard.js';
import { ACCOUNT_HANDLERS, ACCOUNT_PROVIDERS } from './account-module.parts.js';
import { Mailer } from './domain/ports/mailer.js';
import { MailTemplates } from './domain/ports/mail-templates.js';
import { RequestShapeGuard } from './interface/http/guards/request-shape.guard.js';
import { SKIP_AUTHENTICATION } from './interface/http/guards/skip-authentication.js';

/** Internal token of the validated options (never exported: it holds the master secret). */
const RESOLVED_OPTIONS = Symbol('TOKENWARD_RESOLVED_OPTIONS');

/** Defaults of the module-shaping options (see `AuthModuleExtras`). */
export const AUTH_MODULE_EXTRAS_DEFAULTS: Required<AuthModuleExtras> = {
  isGlobal: true,
  storage: 'memory',
  mongoose: { collectionPrefix: DEFAULT_COLLECTION_PREFIX },
  routePrefix: 'auth',
  mountControllers: true,
  globalErrorFilter: false,
  providers: [],
};

const HANDLERS = [
  RegisterUserHandler,
  AuthenticateUserHandler,
  GenerateAuthTokensHandler,
  RefreshAuthTokensHandler,
  RevokeSessionHandler,
  RevokeAllUserSessionsHandler,
  TriggerGlobalTokenRotationHandler,
  TriggerUserTokenRotationHandler,
  SetUserStatusHandler,
  ValidateAccessTokenHandler,
  IntrospectTokenHandler,
  GetCurrentUserHandler,
  GetGlobalRotationStateHandler,
  ListActiveUsersHandler,
  TriggerSigningKeyRotationHandler,
  GetSigningKeysHandler,
  GetTokenwardStatusHandler,
  GetJsonWebKeySetHandler,
  ListAuditRecordsHandler,
  ...ACCOUNT_HANDLERS,
];

/**
 * Each storage port (the repositories and the rate-limit counters) and the token its storage
 * adapter registers the implementation under.
 */
const REPOSITORY_PORTS: Array<[abstract new () => object, symbol]> = [
  [UserRepository, STORED_USER_REPOSITORY],
  [SessionRepository, STORED_SESSION_REPOSITORY],
  [RotationStateRepository, STORED_ROTATION_STATE_REPOSITORY],
  [LoginAttemptRepository, STORED_LOGIN_ATTEMPT_REPOSITORY],
  [SigningKeyRepository, STORED_SIGNING_KEY_REPOSITORY],
  [AuditLogRepository, STORED_AUDIT_LOG_REPOSITORY],
  [RateLimitStorage, STORED_RATE_LIMIT_STORAGE],
  [AccountTokenRepository, STORED_ACCOUNT_TOKEN_REPOSITORY],
  [MailOutboxRepository, STORED_MAIL_OUTBOX_REPOSITORY],
];

/** Every port a host may replace through `providers`, exported for `@Inject`/overrides. */
const PORTS = [
  UserRepository,
  SessionRepository,
  RotationStateRepository,
  LoginAttemptRepository,
  SigningKeyRepository,
  AuditLogRepository,
  RateLimitStorage,
  AccountTokenRepository,
  MailOutboxRepository,
  PasswordHasher,
  Clock,
  AccessTokenSigner,
  RefreshTokenGenerator,
  Mailer,
  MailTemplates,
];

/** Builds the dynamic module from the builder's definition and the consumer's extras. */
export function shapeAuthModule(
  definition: DynamicModule,
  extras: Required<AuthModuleExtras>,
): DynamicModule {
  const persistence = persistenceParts(extras);
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    {
      provide: RESOLVED_OPTIONS,
      useFactory: (options: AuthModuleOptions) => resolveAuthOptions(options),
      inject: [AUTH_MODULE_OPTIONS],
    },
    {
      provide: AuthConfig,
      useFactory: (resolved: ResolvedAuthOptions) => resolved.config,
      inject: [RESOLVED_OPTIONS],
    },
    {
      provide: NodeSigningKeyMaterial,
      useFactory: (resolved: ResolvedAuthOptions) =>
        new NodeSigningKeyMaterial(resolved.secret),
      inject: [RESOLVED_OPTIONS],
    },
    { provide: SigningKeyMaterial, useExisting: NodeSigningKeyMaterial },
    SigningKeyRingService,
    { provide: SigningKeySource, useExisting: SigningKeyRingService },
    {
      provide: AccessTokenSigner,
      useFactory: (
        resolved: ResolvedAuthOptions,
        keys: SigningKeySource,
        material: NodeSigningKeyMaterial,
      ) =>
        new JwtAccessTokenSigner(
          {
            issuer: resolved.config.issuer,
            audience: resolved.config.audience,
            ttlSeconds: resolved.config.accessTokenTtlSeconds,
            clockToleranceSeconds: resolved.clockToleranceSeconds,
          },
          keys,
          material,
        ),
      inject: [RESOLVED_OPTIONS, SigningKeySource, NodeSigningKeyMaterial],
    },
    {
      provide: PasswordHasher,
      useFactory: (resolved: ResolvedAuthOptions) =>
        new GatedPasswordHasher(
          new Argon2PasswordHasher(resolved.argon2),
          new ConcurrencyGate(
            resolved.passwordHashing.maxConcurrent,
            resolved.passwordHashing.maxQueued,
          ),
        ),
      inject: [RESOLVED_OPTIONS],
    },
    { provide: RefreshTokenGenerator, useClass: Sha256RefreshTokenGenerator },
    {
      provide: SKIP_AUTHENTICATION,
      useFactory: (resolved: ResolvedAuthOptions) =>
        resolved.shouldSkipAuthentication,
      inject: [RESOLVED_OPTIONS],
    },
    { provide: Clock, useClass: SystemClock },
    ...persistence.providers,
    // Whatever the storage throws that is not a domain error, or does not answer in time,
    // becomes a 503, never a 500 or a request held for the driver's own timeouts.
    ...REPOSITORY_PORTS.map(([port, stored]) => ({
      provide: port,
      useFactory: (repository: object, config: AuthConfig) =>
        failClosed(repository, config.storageTimeoutMs),
      inject: [stored, AuthConfig],
    })),
    RevocationStateService,
    TokenIssuer,
    AccessTokenValidator,
    AuditTrail,
    IntrospectionClientLockout,
    ...ACCOUNT_PROVIDERS,
    ...HANDLERS,
    JwtAuthGuard,
    RolesGuard,
    IntrospectionClientGuard,
    AuthRateLimitGuard,
    RequestShapeGuard,
    AuthExceptionFilter,
    ...(extras.globalErrorFilter
      ? [{ provide: APP_FILTER, useExisting: AuthExceptionFilter }]
      : []),
    // Last, so a host's provider for the same token replaces the default. A host repository takes
    // the adapter's place behind the fail-closed wrapper, so its failures are 503s too.
    ...extras.providers.map(behindFailClosed),
  ];
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [
      ...(definition.imports ?? []),
      CqrsModule,
      ...persistence.imports,
    ],
    controllers: extras.mountControllers
      ? createPrefixedControllers(extras.routePrefix)
      : [],
    providers,
    exports: [
      ...(definition.exports ?? []),
      CqrsModule,
      AuthConfig,
      RevocationStateService,
      SigningKeyRingService,
      // What IntrospectionClientGuard needs when a host puts it on its own route.
      IntrospectionClientLockout,
      JwtAuthGuard,
      RolesGuard,
      // Guards on host controllers are built in the host's module and look the token up there.
      SKIP_AUTHENTICATION,
      ...PORTS,
    ],
  };
}

function persistenceParts(
  extras: Required<AuthModuleExtras>,
): PersistenceParts {
  switch (extras.storage) {
    case 'memory':
    case undefined:
      return { imports: [], providers: memoryPersistenceProviders() };
    case 'mongoose':
      return mongoosePersistenceParts(extras.mongoose);
    default:
      throw new Error(`Unknown Tokenward storage "${String(extras.storage)}"`);
  }
}

const STORED_TOKEN_OF_PORT = new Map<unknown, symbol>(REPOSITORY_PORTS);

function behindFailClosed(provider: Provider): Provider {
  if (
    typeof provider !== 'object' ||
    provider === null ||
    !('provide' in provider)
  ) {
    return provider;
  }
  const stored = STORED_TOKEN_OF_PORT.get(provider.provide);
  return stored === undefined ? provider : { ...provider, provide: stored };
}
