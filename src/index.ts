// Public API of nestjs-tokenward. Anything not exported here is internal and may change.

// Module
export { AuthModule, TokenwardModule } from './module/auth/auth.module.js';
export { AUTH_MODULE_OPTIONS } from './module/auth/auth.tokens.js';
export type {
  AuthModuleExtras,
  AuthModuleOptions,
  OAuthClientOptions,
} from './module/auth/auth.options.js';
export { resolveAuthOptions } from './module/auth/auth.options-resolver.js';
export { TokenwardConfigError } from './module/shared/tokenward-config.error.js';
export {
  AuthConfig,
  CSRF_COOKIE_NAME,
  CSRF_HEADER_NAME,
  type IntrospectionClient,
  type RefreshTokenCookieSettings,
  type OAuthClient,
} from './application/auth-config.js';

// Resource-server module (services that hold no user data): use it instead of AuthModule
export { TokenwardResourceServerModule } from './module/resource-server/resource-server.module.js';
export { RESOURCE_SERVER_MODULE_OPTIONS } from './module/resource-server/resource-server.tokens.js';
export type {
  IntrospectionVerificationOptions,
  JwksVerificationOptions,
  ResourceServerModuleExtras,
  ResourceServerModuleOptions,
  SsfReceiverOptions,
} from './module/resource-server/resource-server.options.js';
export { resolveResourceServerOptions } from './module/resource-server/resource-server.options-resolver.js';
export {
  RemoteAccessTokenVerifier,
  type RemotelyVerifiedToken,
} from './domain/ports/remote-access-token-verifier.js';
export type { JwksAlgorithm } from './infrastructure/remote/jwks-access-token.verifier.js';
export {
  SKIP_AUTHENTICATION,
  type ShouldSkipAuthentication,
} from './interface/http/guards/skip-authentication.js';

// HTTP edge: guards, decorators, filter, error format
export { JwtAuthGuard } from './interface/http/guards/jwt-auth.guard.js';
export { RolesGuard } from './interface/http/guards/roles.guard.js';
export { IntrospectionClientGuard } from './interface/http/guards/introspection-client.guard.js';
export {
  ClientAuthenticator,
  type AuthenticatedClient,
  type ClientAuthMethod,
} from './interface/http/guards/client-authenticator.js';
export { OAuthClientGuard } from './interface/http/guards/oauth-client.guard.js';
// The SSF transmitter (docs/architecture/ssf.md): the receivers' guard, scopes and event types.
export {
  SsfReceiverGuard,
  SSF_RECEIVER_KEY,
} from './interface/http/guards/ssf-receiver.guard.js';
export { RequireSsfScope } from './interface/http/decorators/ssf-scope.decorator.js';
export { SSF_SCOPES, type SsfScope } from './application/ssf-scopes.js';
export { SSF_EVENT_TYPES } from './application/services/security-event-token.service.js';
export { SSF_EVENTS_SUPPORTED } from './application/services/ssf-streams.service.js';
export { AuthenticatedReceiver } from './application/dtos/authenticated-receiver.dto.js';
export { AuthRateLimitGuard } from './interface/http/guards/auth-rate-limit.guard.js';
export { RequestShapeGuard } from './interface/http/guards/request-shape.guard.js';
export {
  RateLimit,
  RATE_LIMIT_KEY,
} from './interface/http/decorators/rate-limit.decorator.js';
export {
  extractBearerToken,
  TOKEN_REQUEST_KEY,
} from './interface/http/guards/bearer-token.js';
export {
  Public,
  IS_PUBLIC_KEY,
} from './interface/http/decorators/public.decorator.js';
export {
  Roles,
  ROLES_KEY,
} from './interface/http/decorators/roles.decorator.js';
export {
  OptionalAuth,
  IS_OPTIONAL_AUTH_KEY,
} from './interface/http/decorators/optional-auth.decorator.js';
export {
  RequireMfa,
  REQUIRE_MFA_KEY,
  type RequireMfaOptions,
} from './interface/http/decorators/require-mfa.decorator.js';
export { CurrentUser } from './interface/http/decorators/current-user.decorator.js';
export { CurrentToken } from './interface/http/decorators/current-token.decorator.js';
export {
  RequestId,
  REQUEST_ID_HEADER,
} from './interface/http/decorators/request-id.decorator.js';
export { AuthExceptionFilter } from './interface/http/filters/auth-exception.filter.js';
// OpenAPI: a host documents its own routes' errors (and its health route) in the same schemas.
export { ErrorResponseDto } from './interface/http/dtos/error.response.dto.js';
export { OAuthErrorResponseDto } from './interface/http/dtos/oauth-error.response.dto.js';
export { HealthResponseDto } from './interface/http/dtos/health.response.dto.js';
export { ApiErrorResponses } from './interface/http/openapi/api-error-responses.decorator.js';
export {
  statusForCode,
  toHttpException,
  type AuthErrorBody,
} from './interface/http/errors/http-error.mapper.js';

// Use cases (CQRS)
export { RegisterUserCommand } from './application/commands/register-user/register-user.command.js';
export { AuthenticateUserCommand } from './application/commands/authenticate-user/authenticate-user.command.js';
export { GenerateAuthTokensCommand } from './application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
export { RefreshAuthTokensCommand } from './application/commands/refresh-auth-tokens/refresh-auth-tokens.command.js';
export { RevokeSessionCommand } from './application/commands/revoke-session/revoke-session.command.js';
export { EndSessionCommand } from './application/commands/end-session/end-session.command.js';
export { RevokeOtherSessionsCommand } from './application/commands/revoke-other-sessions/revoke-other-sessions.command.js';
export { RevokeRefreshTokenCommand } from './application/commands/revoke-refresh-token/revoke-refresh-token.command.js';
export { RevokeAllUserSessionsCommand } from './application/commands/revoke-all-user-sessions/revoke-all-user-sessions.command.js';
export { TriggerGlobalTokenRotationCommand } from './application/commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
export { TriggerUserTokenRotationCommand } from './application/commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
export { SetUserStatusCommand } from './application/commands/set-user-status/set-user-status.command.js';
export { ValidateAccessTokenQuery } from './application/queries/validate-access-token/validate-access-token.query.js';
export { IntrospectTokenQuery } from './application/queries/introspect-token/introspect-token.query.js';
export { GetCurrentUserQuery } from './application/queries/get-current-user/get-current-user.query.js';
export { GetGlobalRotationStateQuery } from './application/queries/get-global-rotation-state/get-global-rotation-state.query.js';
export { TriggerSigningKeyRotationCommand } from './application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
export { GetSigningKeysQuery } from './application/queries/get-signing-keys/get-signing-keys.query.js';
export { GetTokenwardStatusQuery } from './application/queries/get-tokenward-status/get-tokenward-status.query.js';
export { GetJsonWebKeySetQuery } from './application/queries/get-json-web-key-set/get-json-web-key-set.query.js';
export { ListActiveUsersQuery } from './application/queries/list-active-users/list-active-users.query.js';
export { ListUserSessionsQuery } from './application/queries/list-user-sessions/list-user-sessions.query.js';
export { ListAuditRecordsQuery } from './application/queries/list-audit-records/list-audit-records.query.js';
export { FindUserQuery } from './application/queries/find-user/find-user.query.js';
export { ChangePasswordCommand } from './application/commands/change-password/change-password.command.js';
export { RequestPasswordResetCommand } from './application/commands/request-password-reset/request-password-reset.command.js';
export { ResetPasswordCommand } from './application/commands/reset-password/reset-password.command.js';
export { VerifyEmailCommand } from './application/commands/verify-email/verify-email.command.js';
export { ResendEmailVerificationCommand } from './application/commands/resend-email-verification/resend-email-verification.command.js';
export { RequestEmailChangeCommand } from './application/commands/request-email-change/request-email-change.command.js';
export { SelfRegisterUserCommand } from './application/commands/self-register-user/self-register-user.command.js';
export { CreateUserCommand } from './application/commands/create-user/create-user.command.js';
export { SendPasswordResetCommand } from './application/commands/send-password-reset/send-password-reset.command.js';
export { IssueClientAccessTokenCommand } from './application/commands/issue-client-access-token/issue-client-access-token.command.js';
export { FindSessionByRefreshTokenQuery } from './application/queries/find-session-by-refresh-token/find-session-by-refresh-token.query.js';

// DTOs
export { AuthTokens } from './application/dtos/auth-tokens.dto.js';
export { AuthenticatedUser } from './application/dtos/authenticated-user.dto.js';
export { PublicUser } from './application/dtos/public-user.dto.js';
export { VerifiedAccessToken } from './application/dtos/verified-access-token.dto.js';
export {
  IntrospectionResult,
  type IntrospectionDetails,
} from './application/dtos/introspection-result.dto.js';
export { GlobalRotationResult } from './application/dtos/global-rotation-result.dto.js';
export { GlobalRotationView } from './application/dtos/global-rotation-view.dto.js';
export { UserRotationResult } from './application/dtos/user-rotation-result.dto.js';
export { UserPage } from './application/dtos/user-page.dto.js';
export { SigningKeyRotationResult } from './application/dtos/signing-key-rotation-result.dto.js';
export { SigningKeyView } from './application/dtos/signing-key-view.dto.js';
export { TokenwardStatus } from './application/dtos/tokenward-status.dto.js';
export { JsonWebKeySet } from './application/dtos/json-web-key-set.dto.js';
export { SessionsRevoked } from './application/dtos/sessions-revoked.dto.js';
export { SessionView } from './application/dtos/session-view.dto.js';
export { AuditRecordPage } from './application/dtos/audit-record-page.dto.js';
export { PasswordChanged } from './application/dtos/password-changed.dto.js';
export { SelfRegistration } from './application/dtos/self-registration.dto.js';
export { ClientAccessToken } from './application/dtos/client-access-token.dto.js';
export { RefreshTokenSession } from './application/dtos/refresh-token-session.dto.js';

// Audit events (subscribe with @EventsHandler). The admin-side ones (rotations, status changes,
// reuse detections, logout of every session) are also persisted by Tokenward's audit trail;
// logins and the rest are events only, for the host to persist if it wants them.
export type { AuditableEvent } from './application/events/auditable-event.js';
export { UserRegisteredEvent } from './application/events/user-registered.event.js';
export { LoginSucceededEvent } from './application/events/login-succeeded.event.js';
export { LoginFailedEvent } from './application/events/login-failed.event.js';
export { TokensIssuedEvent } from './application/events/tokens-issued.event.js';
export { ClientTokenIssuedEvent } from './application/events/client-token-issued.event.js';
export { TokensRefreshedEvent } from './application/events/tokens-refreshed.event.js';
export { RefreshTokenReuseDetectedEvent } from './application/events/refresh-token-reuse-detected.event.js';
export { SessionRevokedEvent } from './application/events/session-revoked.event.js';
export { AllSessionsRevokedEvent } from './application/events/all-sessions-revoked.event.js';
export { SessionEndedEvent } from './application/events/session-ended.event.js';
export { OtherSessionsRevokedEvent } from './application/events/other-sessions-revoked.event.js';
export { GlobalTokenRotatedEvent } from './application/events/global-token-rotated.event.js';
export { UserTokenRotatedEvent } from './application/events/user-token-rotated.event.js';
export { SigningKeyRotatedEvent } from './application/events/signing-key-rotated.event.js';
export { PasswordChangedEvent } from './application/events/password-changed.event.js';
export { PasswordResetEvent } from './application/events/password-reset.event.js';
export { PasswordResetSentEvent } from './application/events/password-reset-sent.event.js';
export { PasswordResetRequestedEvent } from './application/events/password-reset-requested.event.js';
export { EmailVerifiedEvent } from './application/events/email-verified.event.js';
export { EmailChangedEvent } from './application/events/email-changed.event.js';
export { EmailChangeRequestedEvent } from './application/events/email-change-requested.event.js';
export { EmailVerificationRequestedEvent } from './application/events/email-verification-requested.event.js';
export { UserCreatedEvent } from './application/events/user-created.event.js';
export {
  UserStatusChangedEvent,
  type UserStatusField,
} from './application/events/user-status-changed.event.js';

// Errors
export { AuthError, type AuthErrorCode } from './domain/errors/auth.error.js';
export { AuthenticationRequiredError } from './domain/errors/authentication-required.error.js';
export { InvalidCredentialsError } from './domain/errors/invalid-credentials.error.js';
export { InvalidTokenError } from './domain/errors/invalid-token.error.js';
export { TokenExpiredError } from './domain/errors/token-expired.error.js';
export { TokenRevokedError } from './domain/errors/token-revoked.error.js';
export { TokenVersionRejectedError } from './domain/errors/token-version-rejected.error.js';
export { RefreshTokenReusedError } from './domain/errors/refresh-token-reused.error.js';
export { RefreshTokenSupersededError } from './domain/errors/refresh-token-superseded.error.js';
export { UserInactiveError } from './domain/errors/user-inactive.error.js';
export { UserAlreadyExistsError } from './domain/errors/user-already-exists.error.js';
export { UserNotFoundError } from './domain/errors/user-not-found.error.js';
export { SessionNotFoundError } from './domain/errors/session-not-found.error.js';
export { CsrfFailedError } from './domain/errors/csrf-failed.error.js';
export { ValidationError } from './domain/errors/validation.error.js';
export { InsufficientRoleError } from './domain/errors/insufficient-role.error.js';
export { InvalidClientError } from './domain/errors/invalid-client.error.js';
export { SigningKeyUnavailableError } from './domain/errors/signing-key-unavailable.error.js';
export { StorageUnavailableError } from './domain/errors/storage-unavailable.error.js';
export { TooManyAttemptsError } from './domain/errors/too-many-attempts.error.js';
export { ServerBusyError } from './domain/errors/server-busy.error.js';
export { RateLimitedError } from './domain/errors/rate-limited.error.js';
export { PayloadTooLargeError } from './domain/errors/payload-too-large.error.js';
export { UnsupportedMediaTypeError } from './domain/errors/unsupported-media-type.error.js';
export { AuthServiceUnavailableError } from './domain/errors/auth-service-unavailable.error.js';
export { InvalidResetTokenError } from './domain/errors/invalid-reset-token.error.js';
export { InvalidVerificationTokenError } from './domain/errors/invalid-verification-token.error.js';
export { EmailNotVerifiedError } from './domain/errors/email-not-verified.error.js';
export { InvalidPasswordError } from './domain/errors/invalid-password.error.js';
export { RegistrationDisabledError } from './domain/errors/registration-disabled.error.js';
export { UnsupportedGrantTypeError } from './domain/errors/unsupported-grant-type.error.js';
export { UnauthorizedClientError } from './domain/errors/unauthorized-client.error.js';
export { InvalidScopeError } from './domain/errors/invalid-scope.error.js';
export { InsufficientScopeError } from './domain/errors/insufficient-scope.error.js';
export { SsfStreamNotFoundError } from './domain/errors/ssf-stream-not-found.error.js';
export { SsfStreamLimitError } from './domain/errors/ssf-stream-limit.error.js';

// Ports (abstract classes = injection tokens) and the entities they speak
export { UserRepository } from './domain/ports/user.repository.js';
export { SessionRepository } from './domain/ports/session.repository.js';
export { RotationStateRepository } from './domain/ports/rotation-state.repository.js';
export {
  RevocationChangeRepository,
  type RevocationChange,
  type RevocationChangeKind,
} from './domain/ports/revocation-change.repository.js';
export {
  LoginAttemptRepository,
  type AttemptCount,
  type AttemptReservation,
  type LockoutPolicy,
} from './domain/ports/login-attempt.repository.js';
export {
  RateLimitStorage,
  type RateLimitRecord,
} from './domain/ports/rate-limit-storage.js';
export { PasswordHasher } from './domain/ports/password-hasher.js';
export { Clock } from './domain/ports/clock.js';
export {
  AccessTokenSigner,
  type AccessTokenClaims,
  type ServiceAccessTokenClaims,
  type ServiceAccessTokenSubject,
} from './domain/ports/access-token-signer.js';
export { RefreshTokenGenerator } from './domain/ports/refresh-token-generator.js';
export { RefreshSuccessorSealer } from './domain/ports/refresh-successor-sealer.js';
export { SigningKeyRepository } from './domain/ports/signing-key.repository.js';
export {
  SigningKeyRing,
  SIGNING_ALGORITHMS,
  type PublicJwk,
  type SigningAlgorithm,
  type SigningKey,
  type SigningKeyStatus,
} from './domain/entities/signing-key-ring.entity.js';
export { SigningKeyRingService } from './application/services/signing-key-ring.service.js';
export { AccessTokenCodec } from './application/services/access-token-codec.service.js';
export {
  AuditLogRepository,
  type AuditLogPage,
} from './domain/ports/audit-log.repository.js';
export { User, type UserSnapshot } from './domain/entities/user.entity.js';
// `Username.keyOf` is what a host repository or import script stores as `usernameKey`.
export { Username } from './domain/value-objects/username.js';
export { Session } from './domain/entities/session.entity.js';
export { GlobalRotationState } from './domain/entities/global-rotation-state.entity.js';
export {
  AuditRecord,
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditContext,
  type AuditDetails,
  type AuditEntry,
  type AuditRecordProps,
} from './domain/entities/audit-record.entity.js';
export { RevocationStateService } from './application/services/revocation-state.service.js';
export { AccountTokenRepository } from './domain/ports/account-token.repository.js';
export {
  AccountToken,
  ACCOUNT_TOKEN_PURPOSES,
  type AccountTokenProps,
  type AccountTokenPurpose,
  type MfaTokenPurpose,
} from './domain/entities/account-token.entity.js';
export { MailOutboxRepository } from './domain/ports/mail-outbox.repository.js';
export { SsfStreamRepository } from './domain/ports/ssf-stream.repository.js';
export {
  SsfEventRepository,
  type SsfPollResult,
} from './domain/ports/ssf-event.repository.js';
export {
  SsfStream,
  SSF_POLL_DELIVERY,
  type SsfStreamStatus,
} from './domain/entities/ssf-stream.entity.js';
export { SsfEvent } from './domain/entities/ssf-event.entity.js';
export { WebAuthnCredentialRepository } from './domain/ports/webauthn-credential.repository.js';
export { TotpFactorRepository } from './domain/ports/totp-factor.repository.js';
export {
  TotpFactor,
  type TotpFactorProps,
} from './domain/entities/totp-factor.entity.js';
export { WebAuthnChallengeRepository } from './domain/ports/webauthn-challenge.repository.js';
export {
  WebAuthnCredential,
  type WebAuthnCredentialProps,
} from './domain/entities/webauthn-credential.entity.js';
export {
  WebAuthnChallenge,
  WEBAUTHN_CEREMONIES,
  type WebAuthnCeremony,
  type WebAuthnChallengeProps,
} from './domain/entities/webauthn-challenge.entity.js';
export {
  MailIntent,
  MAIL_INTENT_KINDS,
  type MailIntentKind,
  type MailIntentProps,
} from './domain/entities/mail-intent.entity.js';
export { Mailer, type MailMessage } from './domain/ports/mailer.js';
export {
  MailTemplates,
  type LinkMailContext,
  type MailContext,
  type RegistrationNoticeReason,
  type RenderedMail,
} from './domain/ports/mail-templates.js';

// Health (a host lists TokenwardHealthService in its providers; see the example's /health)
export { TokenwardHealthService } from './application/services/tokenward-health.service.js';
export {
  TokenwardHealth,
  type RevocationCacheHealthStatus,
  type SigningKeyHealthStatus,
  type StorageHealthStatus,
} from './application/dtos/tokenward-health.dto.js';
export {
  healthHttpStatus,
  toHealthResponse,
  type HealthResponse,
} from './interface/http/presenters/health-response.presenter.js';

// Default adapters, for hosts that wrap or test them
export { SystemClock } from './infrastructure/clock/system.clock.js';
export { ManualClock } from './infrastructure/clock/manual.clock.js';
export {
  Argon2PasswordHasher,
  OWASP_ARGON2_OPTIONS,
  type Argon2Options,
} from './infrastructure/crypto/argon2-password.hasher.js';
// A host's own PasswordHasher replaces the built-in gated one: wrap it to keep the bound.
export { GatedPasswordHasher } from './infrastructure/crypto/gated-password.hasher.js';
export { ConcurrencyGate } from './infrastructure/crypto/concurrency-gate.js';
export { MemoryUserRepository } from './infrastructure/persistence/memory/memory-user.repository.js';
export { MemorySessionRepository } from './infrastructure/persistence/memory/memory-session.repository.js';
export { MemoryRotationStateRepository } from './infrastructure/persistence/memory/memory-rotation-state.repository.js';
export { MemoryRevocationChangeRepository } from './infrastructure/persistence/memory/memory-revocation-change.repository.js';
export { MemoryLoginAttemptRepository } from './infrastructure/persistence/memory/memory-login-attempt.repository.js';
export { MemorySigningKeyRepository } from './infrastructure/persistence/memory/memory-signing-key.repository.js';
export { MemoryAuditLogRepository } from './infrastructure/persistence/memory/memory-audit-log.repository.js';
export { MemoryAccountTokenRepository } from './infrastructure/persistence/memory/memory-account-token.repository.js';
export { MemoryMailOutboxRepository } from './infrastructure/persistence/memory/memory-mail-outbox.repository.js';
export { MemorySsfStreamRepository } from './infrastructure/persistence/memory/memory-ssf-stream.repository.js';
export { MemorySsfEventRepository } from './infrastructure/persistence/memory/memory-ssf-event.repository.js';
export { MemoryWebAuthnCredentialRepository } from './infrastructure/persistence/memory/memory-webauthn-credential.repository.js';
export { MemoryWebAuthnChallengeRepository } from './infrastructure/persistence/memory/memory-webauthn-challenge.repository.js';
export { MemoryTotpFactorRepository } from './infrastructure/persistence/memory/memory-totp-factor.repository.js';
export {
  SmtpMailer,
  type SmtpMailerOptions,
} from './infrastructure/mail/smtp.mailer.js';
export {
  LoggingMailer,
  LoggingMailerInProductionError,
} from './infrastructure/mail/logging.mailer.js';
export {
  DefaultMailTemplates,
  escapeHtml,
} from './infrastructure/mail/default-mail.templates.js';
// MFA seam (docs/architecture/mfa.md): factor stores contribute methods; a verified factor completes the login.
export type { MfaMethod } from './domain/ports/mfa-method-source.js';
export { MfaMethodSource } from './domain/ports/mfa-method-source.js';
export { MfaMethodsService } from './application/services/mfa-methods.service.js';
export {
  MfaLoginTokenService,
  type PendingMfaLogin,
} from './application/services/mfa-login-token.service.js';
export { BeginMfaLoginCommand } from './application/commands/begin-mfa-login/begin-mfa-login.command.js';
export { CompleteMfaLoginCommand } from './application/commands/complete-mfa-login/complete-mfa-login.command.js';
export { ResetUserMfaCommand } from './application/commands/reset-user-mfa/reset-user-mfa.command.js';
export { MfaReset } from './application/dtos/mfa-reset.dto.js';
export { MfaResetEvent } from './application/events/mfa-reset.event.js';
export { ResolveMfaTokenQuery } from './application/queries/resolve-mfa-token/resolve-mfa-token.query.js';
export { MfaChallenge } from './application/dtos/mfa-challenge.dto.js';
export { InvalidMfaTokenError } from './domain/errors/invalid-mfa-token.error.js';
export { InvalidMfaCodeError } from './domain/errors/invalid-mfa-code.error.js';
export { MfaRequiredError } from './domain/errors/mfa-required.error.js';
export type { MfaRequirement } from './domain/policies/mfa-requirement.policy.js';
export { TotpAlreadyEnabledError } from './domain/errors/totp-already-enabled.error.js';
export { TotpNotEnabledError } from './domain/errors/totp-not-enabled.error.js';
export { SecretSealer } from './domain/ports/secret-sealer.js';
export {
  TotpAlgorithm,
  type TotpProvisioning,
} from './domain/ports/totp-algorithm.js';
export { EnrollTotpCommand } from './application/commands/enroll-totp/enroll-totp.command.js';
export { ConfirmTotpCommand } from './application/commands/confirm-totp/confirm-totp.command.js';
export {
  DisableTotpCommand,
  type TotpRemovalProof,
} from './application/commands/disable-totp/disable-totp.command.js';
export { RegenerateRecoveryCodesCommand } from './application/commands/regenerate-recovery-codes/regenerate-recovery-codes.command.js';
export {
  VerifyMfaCommand,
  type MfaCodeProof,
} from './application/commands/verify-mfa/verify-mfa.command.js';
export { TotpMfaMethodSource } from './application/services/totp-mfa-method-source.service.js';
export { TotpEnabledEvent } from './application/events/totp-enabled.event.js';
export { TotpDisabledEvent } from './application/events/totp-disabled.event.js';
export { RecoveryCodesRegeneratedEvent } from './application/events/recovery-codes-regenerated.event.js';
export { RecoveryCodeUsedEvent } from './application/events/recovery-code-used.event.js';
// Passkeys (WebAuthn): the ceremonies as commands, the relying-party port and its default.
export {
  WebAuthnRelyingParty,
  type WebAuthnCredentialRef,
  type WebAuthnOptionsJson,
  type VerifiedWebAuthnAssertion,
  type VerifiedWebAuthnRegistration,
} from './domain/ports/webauthn-relying-party.js';
export { SimpleWebAuthnRelyingParty } from './infrastructure/crypto/simple-webauthn.relying-party.js';
export { PasskeyMfaMethodSource } from './application/services/passkey-mfa-method-source.service.js';
export { BeginPasskeyRegistrationCommand } from './application/commands/begin-passkey-registration/begin-passkey-registration.command.js';
export { FinishPasskeyRegistrationCommand } from './application/commands/finish-passkey-registration/finish-passkey-registration.command.js';
export { BeginPasskeyAuthenticationCommand } from './application/commands/begin-passkey-authentication/begin-passkey-authentication.command.js';
export { FinishPasskeyAuthenticationCommand } from './application/commands/finish-passkey-authentication/finish-passkey-authentication.command.js';
export { DeletePasskeyCommand } from './application/commands/delete-passkey/delete-passkey.command.js';
export { ListPasskeysQuery } from './application/queries/list-passkeys/list-passkeys.query.js';
export { PasskeyRegisteredEvent } from './application/events/passkey-registered.event.js';
export { PasskeyRemovedEvent } from './application/events/passkey-removed.event.js';
export { PasskeyNotFoundError } from './domain/errors/passkey-not-found.error.js';
