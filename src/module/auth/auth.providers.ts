import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthConfig } from '../../application/auth-config.js';
import { AuthenticateUserHandler } from '../../application/commands/authenticate-user/authenticate-user.handler.js';
import { GenerateAuthTokensHandler } from '../../application/commands/generate-auth-tokens/generate-auth-tokens.handler.js';
import { RefreshAuthTokensHandler } from '../../application/commands/refresh-auth-tokens/refresh-auth-tokens.handler.js';
import { RegisterUserHandler } from '../../application/commands/register-user/register-user.handler.js';
import { RevokeAllUserSessionsHandler } from '../../application/commands/revoke-all-user-sessions/revoke-all-user-sessions.handler.js';
import { RevokeSessionHandler } from '../../application/commands/revoke-session/revoke-session.handler.js';
import { EndSessionHandler } from '../../application/commands/end-session/end-session.handler.js';
import { RevokeOtherSessionsHandler } from '../../application/commands/revoke-other-sessions/revoke-other-sessions.handler.js';
import { RevokeRefreshTokenHandler } from '../../application/commands/revoke-refresh-token/revoke-refresh-token.handler.js';
import { ListUserSessionsHandler } from '../../application/queries/list-user-sessions/list-user-sessions.handler.js';
import { RefreshTokenCookies } from '../../interface/http/cookies/refresh-token-cookies.js';
import { SetUserStatusHandler } from '../../application/commands/set-user-status/set-user-status.handler.js';
import { TriggerGlobalTokenRotationHandler } from '../../application/commands/trigger-global-token-rotation/trigger-global-token-rotation.handler.js';
import { TriggerSigningKeyRotationHandler } from '../../application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.handler.js';
import { GetJsonWebKeySetHandler } from '../../application/queries/get-json-web-key-set/get-json-web-key-set.handler.js';
import { GetTokenwardStatusHandler } from '../../application/queries/get-tokenward-status/get-tokenward-status.handler.js';
import { GetSigningKeysHandler } from '../../application/queries/get-signing-keys/get-signing-keys.handler.js';
import { AccessTokenCodec } from '../../application/services/access-token-codec.service.js';
import { SigningKeyRingService } from '../../application/services/signing-key-ring.service.js';
import { SigningKeyMaterial } from '../../domain/ports/signing-key-material.js';
import { NodeSigningKeyMaterial } from '../../infrastructure/crypto/node-signing-key.material.js';
import { TriggerUserTokenRotationHandler } from '../../application/commands/trigger-user-token-rotation/trigger-user-token-rotation.handler.js';
import { GetCurrentUserHandler } from '../../application/queries/get-current-user/get-current-user.handler.js';
import { GetGlobalRotationStateHandler } from '../../application/queries/get-global-rotation-state/get-global-rotation-state.handler.js';
import { IntrospectTokenHandler } from '../../application/queries/introspect-token/introspect-token.handler.js';
import { ListActiveUsersHandler } from '../../application/queries/list-active-users/list-active-users.handler.js';
import { ListAuditRecordsHandler } from '../../application/queries/list-audit-records/list-audit-records.handler.js';
import { ValidateAccessTokenHandler } from '../../application/queries/validate-access-token/validate-access-token.handler.js';
import { AccessTokenValidator } from '../../application/services/access-token-validator.service.js';
import { AuditTrail } from '../../application/services/audit-trail.service.js';
import { IntrospectionClientLockout } from '../../application/services/introspection-client-lockout.service.js';
import { RevocationStateService } from '../../application/services/revocation-state.service.js';
import { TokenIssuer } from '../../application/services/token-issuer.service.js';
import { SecurityEventTokenService } from '../../application/services/security-event-token.service.js';
import { SecurityEventSigner } from '../../domain/ports/security-event-signer.js';
import { JoseSecurityEventSigner } from '../../infrastructure/crypto/jose-security-event.signer.js';
import type { AuthModuleExtras, AuthModuleOptions } from './auth.options.js';
import {
  resolveAuthOptions,
  type ResolvedAuthOptions,
} from './auth.options-resolver.js';
import {
  AUTH_MODULE_OPTIONS,
  RESOLVED_AUTH_OPTIONS as RESOLVED_OPTIONS,
} from './auth.tokens.js';
import { AccessTokenSigner } from '../../domain/ports/access-token-signer.js';
import { Clock } from '../../domain/ports/clock.js';
import { PasswordHasher } from '../../domain/ports/password-hasher.js';
import { RefreshTokenGenerator } from '../../domain/ports/refresh-token-generator.js';
import { RefreshSuccessorSealer } from '../../domain/ports/refresh-successor-sealer.js';
import { AesGcmRefreshSuccessorSealer } from '../../infrastructure/crypto/aes-gcm-refresh-successor.sealer.js';
import { Argon2PasswordHasher } from '../../infrastructure/crypto/argon2-password.hasher.js';
import { JwtAccessTokenSigner } from '../../infrastructure/crypto/jwt-access-token.signer.js';
import { Sha256RefreshTokenGenerator } from '../../infrastructure/crypto/sha256-refresh-token.generator.js';
import { createPrefixedControllers } from '../../interface/http/controllers/prefixed-controllers.js';
import { AuthExceptionFilter } from '../../interface/http/filters/auth-exception.filter.js';
import { IntrospectionClientGuard } from '../../interface/http/guards/introspection-client.guard.js';
import { ClientAuthenticator } from '../../interface/http/guards/client-authenticator.js';
import { OAuthClientGuard } from '../../interface/http/guards/oauth-client.guard.js';
import { OAuthExceptionFilter } from '../../interface/http/filters/oauth-exception.filter.js';
import { TOKENWARD_ROUTE_PREFIX } from '../../interface/http/controllers/route-prefix.token.js';
import { IssueClientAccessTokenHandler } from '../../application/commands/issue-client-access-token/issue-client-access-token.handler.js';
import { CreateSsfStreamHandler } from '../../application/commands/create-ssf-stream/create-ssf-stream.handler.js';
import { DeleteSsfStreamHandler } from '../../application/commands/delete-ssf-stream/delete-ssf-stream.handler.js';
import { PollSsfEventsHandler } from '../../application/commands/poll-ssf-events/poll-ssf-events.handler.js';
import { RequestSsfVerificationHandler } from '../../application/commands/request-ssf-verification/request-ssf-verification.handler.js';
import { SetSsfStreamStatusHandler } from '../../application/commands/set-ssf-stream-status/set-ssf-stream-status.handler.js';
import { UpdateSsfStreamHandler } from '../../application/commands/update-ssf-stream/update-ssf-stream.handler.js';
import { ListSsfStreamsHandler } from '../../application/queries/list-ssf-streams/list-ssf-streams.handler.js';
import { SsfDeliverySignal } from '../../application/services/ssf-delivery-signal.service.js';
import { SsfEventProducer } from '../../application/services/ssf-event-producer.service.js';
import { SsfOutbox } from '../../application/services/ssf-outbox.service.js';
import { SsfStreams } from '../../application/services/ssf-streams.service.js';
import { ValidateClientAccessTokenHandler } from '../../application/queries/validate-client-access-token/validate-client-access-token.handler.js';
import { SsfEndpoints } from '../../interface/http/controllers/ssf-endpoints.js';
import { SsfReceiverGuard } from '../../interface/http/guards/ssf-receiver.guard.js';
import { FindSessionByRefreshTokenHandler } from '../../application/queries/find-session-by-refresh-token/find-session-by-refresh-token.handler.js';
import { ConcurrencyGate } from '../../infrastructure/crypto/concurrency-gate.js';
import { GatedPasswordHasher } from '../../infrastructure/crypto/gated-password.hasher.js';
import { AuthRateLimitGuard } from '../../interface/http/guards/auth-rate-limit.guard.js';
import { RequestShapeGuard } from '../../interface/http/guards/request-shape.guard.js';
import { ChangePasswordHandler } from '../../application/commands/change-password/change-password.handler.js';
import { CreateUserHandler } from '../../application/commands/create-user/create-user.handler.js';
import { RequestEmailChangeHandler } from '../../application/commands/request-email-change/request-email-change.handler.js';
import { RequestPasswordResetHandler } from '../../application/commands/request-password-reset/request-password-reset.handler.js';
import { ResendEmailVerificationHandler } from '../../application/commands/resend-email-verification/resend-email-verification.handler.js';
import { ResetPasswordHandler } from '../../application/commands/reset-password/reset-password.handler.js';
import { SelfRegisterUserHandler } from '../../application/commands/self-register-user/self-register-user.handler.js';
import { SendPasswordResetHandler } from '../../application/commands/send-password-reset/send-password-reset.handler.js';
import { VerifyEmailHandler } from '../../application/commands/verify-email/verify-email.handler.js';
import { FindUserHandler } from '../../application/queries/find-user/find-user.handler.js';
import { AccountMailComposer } from '../../application/services/account-mail-composer.service.js';
import { AccountTokenService } from '../../application/services/account-token.service.js';
import { MfaLoginTokenService } from '../../application/services/mfa-login-token.service.js';
import { MfaMethodsService } from '../../application/services/mfa-methods.service.js';
import { ADMIN_MFA_REQUIREMENT } from '../../interface/http/guards/admin-mfa-requirement.js';
import { BeginMfaLoginHandler } from '../../application/commands/begin-mfa-login/begin-mfa-login.handler.js';
import { CompleteMfaLoginHandler } from '../../application/commands/complete-mfa-login/complete-mfa-login.handler.js';
import { ResetUserMfaHandler } from '../../application/commands/reset-user-mfa/reset-user-mfa.handler.js';
import { ResolveMfaTokenHandler } from '../../application/queries/resolve-mfa-token/resolve-mfa-token.handler.js';
import { CurrentPasswordCheck } from '../../application/services/current-password.service.js';
import { ConfirmTotpHandler } from '../../application/commands/confirm-totp/confirm-totp.handler.js';
import { DisableTotpHandler } from '../../application/commands/disable-totp/disable-totp.handler.js';
import { EnrollTotpHandler } from '../../application/commands/enroll-totp/enroll-totp.handler.js';
import { RegenerateRecoveryCodesHandler } from '../../application/commands/regenerate-recovery-codes/regenerate-recovery-codes.handler.js';
import { VerifyMfaHandler } from '../../application/commands/verify-mfa/verify-mfa.handler.js';
import { TotpCodeCheck } from '../../application/services/totp-code-check.service.js';
import { TotpMfaMethodSource } from '../../application/services/totp-mfa-method-source.service.js';
import { SecretSealer } from '../../domain/ports/secret-sealer.js';
import { TotpAlgorithm } from '../../domain/ports/totp-algorithm.js';
import { AesGcmSecretSealer } from '../../infrastructure/crypto/aes-gcm-secret.sealer.js';
import { OtpauthTotpAlgorithm } from '../../infrastructure/crypto/otpauth-totp.algorithm.js';
import { BeginPasskeyRegistrationHandler } from '../../application/commands/begin-passkey-registration/begin-passkey-registration.handler.js';
import { FinishPasskeyRegistrationHandler } from '../../application/commands/finish-passkey-registration/finish-passkey-registration.handler.js';
import { BeginPasskeyAuthenticationHandler } from '../../application/commands/begin-passkey-authentication/begin-passkey-authentication.handler.js';
import { FinishPasskeyAuthenticationHandler } from '../../application/commands/finish-passkey-authentication/finish-passkey-authentication.handler.js';
import { DeletePasskeyHandler } from '../../application/commands/delete-passkey/delete-passkey.handler.js';
import { ListPasskeysHandler } from '../../application/queries/list-passkeys/list-passkeys.handler.js';
import { PasskeyMfaMethodSource } from '../../application/services/passkey-mfa-method-source.service.js';
import { WebAuthnChallengeService } from '../../application/services/webauthn-challenge.service.js';
import { WebAuthnRelyingParty } from '../../domain/ports/webauthn-relying-party.js';
import { SimpleWebAuthnRelyingParty } from '../../infrastructure/crypto/simple-webauthn.relying-party.js';
import { MailOutboxService } from '../../application/services/mail-outbox.service.js';
import { Mailer } from '../../domain/ports/mailer.js';
import { MailTemplates } from '../../domain/ports/mail-templates.js';
import { DefaultMailTemplates } from '../../infrastructure/mail/default-mail.templates.js';
import { LoggingMailer } from '../../infrastructure/mail/logging.mailer.js';
import { SmtpMailer } from '../../infrastructure/mail/smtp.mailer.js';
import { shapeTokenwardModule } from '../shared/shared.providers.js';
import {
  behindFailClosed,
  REPOSITORIES,
  repositoryParts,
} from './auth.repositories.js';

/** The SSF transmitter (docs/architecture/ssf.md): stream management, poll, the SET producer. */
const SSF_PROVIDERS: Provider[] = [
  SsfStreams,
  SsfDeliverySignal,
  SsfOutbox,
  SsfEventProducer,
  CreateSsfStreamHandler,
  UpdateSsfStreamHandler,
  DeleteSsfStreamHandler,
  SetSsfStreamStatusHandler,
  RequestSsfVerificationHandler,
  PollSsfEventsHandler,
  ListSsfStreamsHandler,
  ValidateClientAccessTokenHandler,
];

/** The account flows' use cases (password change and reset, verification, admin-created users). */
const ACCOUNT_HANDLERS = [
  ChangePasswordHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
  VerifyEmailHandler,
  ResendEmailVerificationHandler,
  RequestEmailChangeHandler,
  SelfRegisterUserHandler,
  CreateUserHandler,
  SendPasswordResetHandler,
  FindUserHandler,
];

/**
 * Their services and the two mail ports' defaults: SMTP through nodemailer when `mail.smtpUrl` is
 * set, else the development logging mailer (which refuses NODE_ENV=production). A host's own
 * `Mailer` or `MailTemplates` in `providers` replaces these, and the factory never runs.
 */
const ACCOUNT_PROVIDERS: Provider[] = [
  AccountTokenService,
  AccountMailComposer,
  MailOutboxService,
  CurrentPasswordCheck,
  {
    provide: Mailer,
    useFactory: (config: AuthConfig) =>
      config.mail.smtpUrl === null
        ? new LoggingMailer()
        : new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from }),
    inject: [AuthConfig],
  },
  { provide: MailTemplates, useClass: DefaultMailTemplates },
];

/** Passkeys (docs/architecture/mfa.md): the ceremonies and the factor store. */
const PASSKEY_HANDLERS = [
  BeginPasskeyRegistrationHandler,
  FinishPasskeyRegistrationHandler,
  BeginPasskeyAuthenticationHandler,
  FinishPasskeyAuthenticationHandler,
  ListPasskeysHandler,
  DeletePasskeyHandler,
];

const HANDLERS = [
  RegisterUserHandler,
  AuthenticateUserHandler,
  GenerateAuthTokensHandler,
  RefreshAuthTokensHandler,
  RevokeSessionHandler,
  RevokeAllUserSessionsHandler,
  EndSessionHandler,
  RevokeOtherSessionsHandler,
  RevokeRefreshTokenHandler,
  ListUserSessionsHandler,
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
  IssueClientAccessTokenHandler,
  FindSessionByRefreshTokenHandler,
  BeginMfaLoginHandler,
  CompleteMfaLoginHandler,
  ResetUserMfaHandler,
  ResolveMfaTokenHandler,
  EnrollTotpHandler,
  ConfirmTotpHandler,
  DisableTotpHandler,
  RegenerateRecoveryCodesHandler,
  VerifyMfaHandler,
  ...PASSKEY_HANDLERS,
  ...ACCOUNT_HANDLERS,
];

/** Every port a host may replace through `providers`, exported for `@Inject`/overrides. */
const PORTS = [
  ...REPOSITORIES.map(({ port }) => port),
  PasswordHasher,
  Clock,
  AccessTokenSigner,
  RefreshTokenGenerator,
  RefreshSuccessorSealer,
  SecretSealer,
  TotpAlgorithm,
  Mailer,
  MailTemplates,
  WebAuthnRelyingParty,
];

/** Builds the dynamic module from the builder's definition and the consumer's extras. */
export function shapeAuthModule(
  definition: DynamicModule,
  extras: Required<AuthModuleExtras>,
): DynamicModule {
  const persistence = repositoryParts(extras.storage, extras.mongoose);
  const providers: Provider[] = [
    {
      provide: RESOLVED_OPTIONS,
      useFactory: (options: AuthModuleOptions) =>
        resolveAuthOptions(options, extras.routePrefix),
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
    {
      provide: AccessTokenSigner,
      useFactory: (config: AuthConfig, material: NodeSigningKeyMaterial) =>
        new JwtAccessTokenSigner(config, material),
      inject: [AuthConfig, NodeSigningKeyMaterial],
    },
    AccessTokenCodec,
    {
      provide: SecurityEventSigner,
      useFactory: (material: NodeSigningKeyMaterial) =>
        new JoseSecurityEventSigner(material),
      inject: [NodeSigningKeyMaterial],
    },
    SecurityEventTokenService,
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
      provide: RefreshSuccessorSealer,
      useClass: AesGcmRefreshSuccessorSealer,
    },
    ...persistence.providers,
    RevocationStateService,
    TokenIssuer,
    AccessTokenValidator,
    AuditTrail,
    IntrospectionClientLockout,
    MfaMethodsService,
    MfaLoginTokenService,
    {
      provide: SecretSealer,
      useFactory: (resolved: ResolvedAuthOptions) =>
        new AesGcmSecretSealer(resolved.secret),
      inject: [RESOLVED_OPTIONS],
    },
    { provide: TotpAlgorithm, useClass: OtpauthTotpAlgorithm },
    TotpCodeCheck,
    TotpMfaMethodSource,
    { provide: WebAuthnRelyingParty, useClass: SimpleWebAuthnRelyingParty },
    WebAuthnChallengeService,
    PasskeyMfaMethodSource,
    ...ACCOUNT_PROVIDERS,
    ...HANDLERS,
    ...SSF_PROVIDERS,
    ClientAuthenticator,
    IntrospectionClientGuard,
    OAuthClientGuard,
    SsfEndpoints,
    SsfReceiverGuard,
    AuthRateLimitGuard,
    RequestShapeGuard,
    RefreshTokenCookies,
    AuthExceptionFilter,
    OAuthExceptionFilter,
    { provide: TOKENWARD_ROUTE_PREFIX, useValue: extras.routePrefix },
    {
      provide: ADMIN_MFA_REQUIREMENT,
      useFactory: (config: AuthConfig) => config.adminMfaRequirement,
      inject: [AuthConfig],
    },
    ...(extras.globalErrorFilter
      ? [{ provide: APP_FILTER, useExisting: AuthExceptionFilter }]
      : []),
  ];
  return shapeTokenwardModule(definition, {
    global: extras.isGlobal,
    resolvedOptions: RESOLVED_OPTIONS,
    imports: persistence.imports,
    controllers: extras.mountControllers
      ? createPrefixedControllers(extras.routePrefix)
      : [],
    providers,
    // A host repository takes the adapter's place behind the fail-closed wrapper, so its failures
    // are 503s too.
    hostProviders: extras.providers.map(behindFailClosed),
    exports: [
      AuthConfig,
      RevocationStateService,
      SigningKeyRingService,
      AccessTokenCodec,
      // What IntrospectionClientGuard needs when a host puts it on its own route.
      IntrospectionClientLockout,
      ClientAuthenticator,
      // The MFA seam (docs/architecture/mfa.md): factor stores register here.
      MfaMethodsService,
      MfaLoginTokenService,
      // What JwtAuthGuard asks on the admin routes (mfa.requireForAdminRoutes).
      ADMIN_MFA_REQUIREMENT,
      ...PORTS,
    ],
  });
}
