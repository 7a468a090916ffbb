// Shared wiring for the handler and service specs: every use case built by hand (no Nest
// container) over the real in-memory adapters, the real crypto and a frozen clock. One place
// builds it, so a constructor change is fixed here and not in every spec.
import type { CommandBus, EventBus, IEvent } from '@nestjs/cqrs';
import { TriggerSigningKeyRotationCommand } from '../../src/application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { RevokeAllUserSessionsCommand } from '../../src/application/commands/revoke-all-user-sessions/revoke-all-user-sessions.command.js';
import { ResetUserMfaHandler } from '../../src/application/commands/reset-user-mfa/reset-user-mfa.handler.js';
import { MfaMethodsService } from '../../src/application/services/mfa-methods.service.js';
import type { AuthTokens } from '../../src/application/dtos/auth-tokens.dto.js';
import type { PublicUser } from '../../src/application/dtos/public-user.dto.js';
import { AuthenticateUserHandler } from '../../src/application/commands/authenticate-user/authenticate-user.handler.js';
import { GenerateAuthTokensCommand } from '../../src/application/commands/generate-auth-tokens/generate-auth-tokens.command.js';
import { GenerateAuthTokensHandler } from '../../src/application/commands/generate-auth-tokens/generate-auth-tokens.handler.js';
import { RefreshAuthTokensCommand } from '../../src/application/commands/refresh-auth-tokens/refresh-auth-tokens.command.js';
import { RefreshAuthTokensHandler } from '../../src/application/commands/refresh-auth-tokens/refresh-auth-tokens.handler.js';
import { RegisterUserCommand } from '../../src/application/commands/register-user/register-user.command.js';
import { RegisterUserHandler } from '../../src/application/commands/register-user/register-user.handler.js';
import { RevokeAllUserSessionsHandler } from '../../src/application/commands/revoke-all-user-sessions/revoke-all-user-sessions.handler.js';
import { RevokeSessionHandler } from '../../src/application/commands/revoke-session/revoke-session.handler.js';
import { SetUserStatusHandler } from '../../src/application/commands/set-user-status/set-user-status.handler.js';
import { TriggerGlobalTokenRotationHandler } from '../../src/application/commands/trigger-global-token-rotation/trigger-global-token-rotation.handler.js';
import { TriggerUserTokenRotationHandler } from '../../src/application/commands/trigger-user-token-rotation/trigger-user-token-rotation.handler.js';
import { GetCurrentUserHandler } from '../../src/application/queries/get-current-user/get-current-user.handler.js';
import { GetGlobalRotationStateHandler } from '../../src/application/queries/get-global-rotation-state/get-global-rotation-state.handler.js';
import { IntrospectTokenHandler } from '../../src/application/queries/introspect-token/introspect-token.handler.js';
import { ListActiveUsersHandler } from '../../src/application/queries/list-active-users/list-active-users.handler.js';
import { ListAuditRecordsHandler } from '../../src/application/queries/list-audit-records/list-audit-records.handler.js';
import { ValidateAccessTokenHandler } from '../../src/application/queries/validate-access-token/validate-access-token.handler.js';
import { AccessTokenCodec } from '../../src/application/services/access-token-codec.service.js';
import { AccessTokenValidator } from '../../src/application/services/access-token-validator.service.js';
import { AuditTrail } from '../../src/application/services/audit-trail.service.js';
import { RevocationStateService } from '../../src/application/services/revocation-state.service.js';
import { TokenIssuer } from '../../src/application/services/token-issuer.service.js';
import type { AuthModuleOptions } from '../../src/module/auth/auth.options.js';
import { resolveAuthOptions } from '../../src/module/auth/auth.options-resolver.js';
import type { RotationStateRepository } from '../../src/domain/ports/rotation-state.repository.js';
import type { SessionRepository } from '../../src/domain/ports/session.repository.js';
import type { UserRepository } from '../../src/domain/ports/user.repository.js';
import { ManualClock } from '../../src/infrastructure/clock/manual.clock.js';
import {
  Argon2PasswordHasher,
  type Argon2Options,
} from '../../src/infrastructure/crypto/argon2-password.hasher.js';
import { JwtAccessTokenSigner } from '../../src/infrastructure/crypto/jwt-access-token.signer.js';
import { NodeSigningKeyMaterial } from '../../src/infrastructure/crypto/node-signing-key.material.js';
import { MemorySigningKeyRepository } from '../../src/infrastructure/persistence/memory/memory-signing-key.repository.js';
import { SigningKeyRingService } from '../../src/application/services/signing-key-ring.service.js';
import type { SigningKeyRepository } from '../../src/domain/ports/signing-key.repository.js';
import { TriggerSigningKeyRotationHandler } from '../../src/application/commands/trigger-signing-key-rotation/trigger-signing-key-rotation.handler.js';
import { GetTokenwardStatusHandler } from '../../src/application/queries/get-tokenward-status/get-tokenward-status.handler.js';
import { GetSigningKeysHandler } from '../../src/application/queries/get-signing-keys/get-signing-keys.handler.js';
import { GetJsonWebKeySetHandler } from '../../src/application/queries/get-json-web-key-set/get-json-web-key-set.handler.js';
import { Sha256RefreshTokenGenerator } from '../../src/infrastructure/crypto/sha256-refresh-token.generator.js';
import { AesGcmRefreshSuccessorSealer } from '../../src/infrastructure/crypto/aes-gcm-refresh-successor.sealer.js';
import { EndSessionHandler } from '../../src/application/commands/end-session/end-session.handler.js';
import { RevokeOtherSessionsHandler } from '../../src/application/commands/revoke-other-sessions/revoke-other-sessions.handler.js';
import { ListUserSessionsHandler } from '../../src/application/queries/list-user-sessions/list-user-sessions.handler.js';
import { MemoryRotationStateRepository } from '../../src/infrastructure/persistence/memory/memory-rotation-state.repository.js';
import { MemorySessionRepository } from '../../src/infrastructure/persistence/memory/memory-session.repository.js';
import { MemoryUserRepository } from '../../src/infrastructure/persistence/memory/memory-user.repository.js';
import { MemoryRevocationChangeRepository } from '../../src/infrastructure/persistence/memory/memory-revocation-change.repository.js';
import { AnnouncedSessionRepository } from '../../src/application/services/announced-session.repository.js';
import { AnnouncedUserRepository } from '../../src/application/services/announced-user.repository.js';
import type { RevocationChangeRepository } from '../../src/domain/ports/revocation-change.repository.js';
import { MemoryLoginAttemptRepository } from '../../src/infrastructure/persistence/memory/memory-login-attempt.repository.js';
import type { LoginAttemptRepository } from '../../src/domain/ports/login-attempt.repository.js';
import type { AuditLogRepository } from '../../src/domain/ports/audit-log.repository.js';
import { MemoryAuditLogRepository } from '../../src/infrastructure/persistence/memory/memory-audit-log.repository.js';
import { MemoryAccountTokenRepository } from '../../src/infrastructure/persistence/memory/memory-account-token.repository.js';
import { MemoryMailOutboxRepository } from '../../src/infrastructure/persistence/memory/memory-mail-outbox.repository.js';
import { AccountTokenService } from '../../src/application/services/account-token.service.js';
import { AccountMailComposer } from '../../src/application/services/account-mail-composer.service.js';
import { MailOutboxService } from '../../src/application/services/mail-outbox.service.js';
import { CurrentPasswordCheck } from '../../src/application/services/current-password.service.js';
import { DefaultMailTemplates } from '../../src/infrastructure/mail/default-mail.templates.js';
import { Mailer, type MailMessage } from '../../src/domain/ports/mailer.js';
import { ChangePasswordHandler } from '../../src/application/commands/change-password/change-password.handler.js';
import { RequestPasswordResetHandler } from '../../src/application/commands/request-password-reset/request-password-reset.handler.js';
import { ResetPasswordHandler } from '../../src/application/commands/reset-password/reset-password.handler.js';
import { VerifyEmailHandler } from '../../src/application/commands/verify-email/verify-email.handler.js';
import { ResendEmailVerificationHandler } from '../../src/application/commands/resend-email-verification/resend-email-verification.handler.js';
import { RequestEmailChangeHandler } from '../../src/application/commands/request-email-change/request-email-change.handler.js';
import { SendPasswordResetHandler } from '../../src/application/commands/send-password-reset/send-password-reset.handler.js';
import type { AccountTokenRepository } from '../../src/domain/ports/account-token.repository.js';
import type { MailOutboxRepository } from '../../src/domain/ports/mail-outbox.repository.js';

/** A 32+ byte master secret for unit specs only. */
export const KIT_SECRET =
  'handler-kit-secret-0123456789abcdef-0123456789abcdef';

/** Cheap argon2id parameters: the specs exercise the real hasher, not its cost. */
export const CHEAP_ARGON2: Argon2Options = {
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
};

type EventClass<T> = abstract new (...args: never[]) => T;

/** Hand-written EventBus fake: records what the handlers publish. */
export class RecordingEventBus {
  readonly published: IEvent[] = [];

  publish<T extends IEvent>(event: T): void {
    this.published.push(event);
  }

  /** The recorded events of one class, oldest first. */
  ofType<T extends IEvent>(type: EventClass<T>): T[] {
    return this.published.filter((event): event is T => event instanceof type);
  }

  clear(): void {
    this.published.length = 0;
  }
}

/**
 * Routes calls of the named methods of a real adapter through `around` (which receives the real
 * call), leaving every other member untouched: for outages and slow replies.
 */
export function intercept<T extends object>(
  target: T,
  methods: readonly (keyof T & string)[],
  around: (call: () => Promise<unknown>) => Promise<unknown>,
): T {
  return new Proxy(target, {
    get: (object, property) => {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(object);
      if (!(methods as readonly PropertyKey[]).includes(property))
        return method;
      return (...args: unknown[]) => around(async () => method(...args));
    },
  });
}

/** Makes chosen methods of real adapters reject, like an unreachable database, while `down`. */
export class StorageOutage {
  down = false;

  wrap<T extends object>(
    repository: T,
    methods: readonly (keyof T & string)[],
  ): T {
    return intercept(repository, methods, (call) =>
      this.down
        ? Promise.reject(new Error('simulated storage outage'))
        : call(),
    );
  }
}

/**
 * Hand-written `Mailer` fake for the handler specs (the flows' e2e specs send through the real
 * SMTP adapter instead): keeps what it was given, or rejects while `failing`.
 */
export class RecordingMailer extends Mailer {
  readonly sent: MailMessage[] = [];
  failing = false;

  async send(message: MailMessage): Promise<void> {
    if (this.failing) throw new Error('simulated SMTP outage');
    this.sent.push(message);
  }

  /** The token in the last link mailed to `to`. */
  lastToken(to: string): string {
    const mail = [...this.sent].reverse().find((m) => m.to === to);
    const token = /[?&]token=([^\s&"]+)/.exec(mail?.text ?? '')?.[1];
    if (token === undefined) throw new Error(`no link was mailed to ${to}`);
    return decodeURIComponent(token);
  }
}

/** Ports a spec may replace; an instance sharing storage passes the first kit's ones. */
export interface KitPorts {
  users?: UserRepository;
  sessions?: SessionRepository;
  rotationState?: RotationStateRepository;
  attempts?: LoginAttemptRepository;
  signingKeys?: SigningKeyRepository;
  auditLog?: AuditLogRepository;
  accountTokens?: AccountTokenRepository;
  mailOutbox?: MailOutboxRepository;
  changeLog?: RevocationChangeRepository;
  clock?: ManualClock;
}

/** What `registerUser` creates; `password` is the plain one, for logging in. */
export interface RegisteredUser {
  readonly user: PublicUser;
  readonly password: string;
}

let sequence = 0;

/** A fresh, valid registration. */
export function newCredentials(prefix = 'user'): {
  username: string;
  email: string;
  password: string;
} {
  sequence += 1;
  const username = `${prefix}${sequence}`;
  return {
    username,
    email: `${username}@example.test`,
    password: `pw-${username}-long-enough`,
  };
}

/**
 * One Tokenward instance: config from `resolveAuthOptions` (the module's own defaults), the
 * memory repositories, the real argon2 hasher, HS256 signer and refresh-token generator, a
 * `RevocationStateService`, and every handler.
 */
export function createHandlerKit(
  configOverrides: Partial<AuthModuleOptions> = {},
  ports: KitPorts = {},
) {
  const options = {
    secret: KIT_SECRET,
    argon2: CHEAP_ARGON2,
    ...configOverrides,
  };
  const resolved = resolveAuthOptions(options);
  const config = resolved.config;
  const clock = ports.clock ?? new ManualClock();
  const changeLog = ports.changeLog ?? new MemoryRevocationChangeRepository();
  // As the module wires them: every revoking change recorded in the change log first. Ports
  // already announced (another instance's, passed on) are kept as they are.
  const users = announcedUsers(
    ports.users ?? new MemoryUserRepository(),
    changeLog,
    clock,
  );
  const sessions = announcedSessions(
    ports.sessions ?? new MemorySessionRepository(),
    changeLog,
    clock,
  );
  const rotationState =
    ports.rotationState ?? new MemoryRotationStateRepository();
  const attempts = ports.attempts ?? new MemoryLoginAttemptRepository();
  const auditLog = ports.auditLog ?? new MemoryAuditLogRepository();
  const hasher = new Argon2PasswordHasher(resolved.argon2);
  const signingKeys = ports.signingKeys ?? new MemorySigningKeyRepository();
  const keyMaterial = new NodeSigningKeyMaterial(resolved.secret);
  const keys = new SigningKeyRingService(
    config,
    clock,
    signingKeys,
    keyMaterial,
  );
  const signer = new AccessTokenCodec(
    new JwtAccessTokenSigner(config, keyMaterial),
    keys,
  );
  const refreshTokens = new Sha256RefreshTokenGenerator();
  const revocation = new RevocationStateService(
    config,
    clock,
    users,
    sessions,
    rotationState,
    changeLog,
  );
  const issuer = new TokenIssuer(config, signer);
  const validator = new AccessTokenValidator(
    signer,
    revocation,
    clock,
    config,
    users,
  );
  const events = new RecordingEventBus();
  const bus = events as unknown as EventBus;
  const audit = new AuditTrail(config, auditLog, bus);
  const accountTokens =
    ports.accountTokens ?? new MemoryAccountTokenRepository();
  const mailOutbox = ports.mailOutbox ?? new MemoryMailOutboxRepository();
  const mailer = new RecordingMailer();
  const tokenService = new AccountTokenService(config, accountTokens);
  const outbox = new MailOutboxService(
    config,
    mailOutbox,
    attempts,
    new AccountMailComposer(
      config,
      users,
      tokenService,
      new DefaultMailTemplates(),
    ),
    mailer,
    clock,
  );
  const currentPassword = new CurrentPasswordCheck(
    config,
    attempts,
    hasher,
    clock,
  );

  // The commands a handler dispatches (global rotation with `rotateSigningKey`, the MFA reset).
  const commandBus = {
    execute: (command: unknown) =>
      command instanceof TriggerSigningKeyRotationCommand
        ? handlers.triggerSigningKeyRotation.execute(command)
        : command instanceof RevokeAllUserSessionsCommand
          ? handlers.revokeAllUserSessions.execute(command)
          : Promise.reject(
              new Error(
                'The handler kit only routes key rotations and revoke-all',
              ),
            ),
  } as unknown as CommandBus;
  const mfaMethods = new MfaMethodsService();

  const handlers = {
    registerUser: new RegisterUserHandler(config, users, hasher, clock, bus),
    authenticateUser: new AuthenticateUserHandler(
      config,
      users,
      attempts,
      hasher,
      clock,
      bus,
      outbox,
    ),
    generateAuthTokens: new GenerateAuthTokensHandler(
      users,
      sessions,
      refreshTokens,
      issuer,
      revocation,
      clock,
      bus,
    ),
    refreshAuthTokens: new RefreshAuthTokensHandler(
      config,
      users,
      sessions,
      refreshTokens,
      new AesGcmRefreshSuccessorSealer(),
      issuer,
      revocation,
      clock,
      bus,
      audit,
    ),
    revokeSession: new RevokeSessionHandler(sessions, revocation, clock, bus),
    endSession: new EndSessionHandler(sessions, revocation, clock, audit),
    revokeOtherSessions: new RevokeOtherSessionsHandler(
      sessions,
      revocation,
      clock,
      audit,
    ),
    listUserSessions: new ListUserSessionsHandler(users, sessions, clock),
    revokeAllUserSessions: new RevokeAllUserSessionsHandler(
      users,
      sessions,
      revocation,
      clock,
      audit,
    ),
    triggerGlobalTokenRotation: new TriggerGlobalTokenRotationHandler(
      config,
      rotationState,
      revocation,
      clock,
      audit,
      commandBus,
    ),
    triggerUserTokenRotation: new TriggerUserTokenRotationHandler(
      users,
      revocation,
      clock,
      audit,
    ),
    setUserStatus: new SetUserStatusHandler(
      users,
      sessions,
      revocation,
      clock,
      audit,
    ),
    validateAccessToken: new ValidateAccessTokenHandler(validator),
    introspectToken: new IntrospectTokenHandler(validator, users),
    getCurrentUser: new GetCurrentUserHandler(users),
    getGlobalRotationState: new GetGlobalRotationStateHandler(rotationState),
    listActiveUsers: new ListActiveUsersHandler(users),
    triggerSigningKeyRotation: new TriggerSigningKeyRotationHandler(
      keys,
      audit,
    ),
    getSigningKeys: new GetSigningKeysHandler(keys, clock),
    getTokenwardStatus: new GetTokenwardStatusHandler(
      rotationState,
      users,
      sessions,
      keys,
      clock,
    ),
    getJsonWebKeySet: new GetJsonWebKeySetHandler(keys, clock),
    listAuditRecords: new ListAuditRecordsHandler(auditLog),
    changePassword: new ChangePasswordHandler(
      config,
      users,
      sessions,
      currentPassword,
      hasher,
      refreshTokens,
      issuer,
      revocation,
      clock,
      audit,
    ),
    requestPasswordReset: new RequestPasswordResetHandler(outbox, clock, bus),
    resetPassword: new ResetPasswordHandler(
      config,
      tokenService,
      users,
      sessions,
      hasher,
      revocation,
      clock,
      audit,
    ),
    verifyEmail: new VerifyEmailHandler(
      tokenService,
      users,
      revocation,
      clock,
      audit,
    ),
    resendEmailVerification: new ResendEmailVerificationHandler(
      users,
      outbox,
      clock,
      bus,
    ),
    requestEmailChange: new RequestEmailChangeHandler(
      users,
      currentPassword,
      outbox,
      clock,
      bus,
    ),
    resetUserMfa: new ResetUserMfaHandler(
      users,
      mfaMethods,
      commandBus,
      audit,
      clock,
    ),
    sendPasswordReset: new SendPasswordResetHandler(
      users,
      sessions,
      revocation,
      outbox,
      clock,
      audit,
    ),
  };

  return {
    options,
    config,
    clock,
    users,
    sessions,
    rotationState,
    changeLog,
    attempts,
    auditLog,
    audit,
    hasher,
    signingKeys,
    keys,
    signer,
    refreshTokens,
    revocation,
    issuer,
    validator,
    events,
    handlers,
    accountTokens,
    mailOutbox,
    mailer,
    tokenService,
    outbox,
    mfaMethods,

    /** Registers a user through `RegisterUser` (fresh credentials unless overridden). */
    async registerUser(
      overrides: Partial<ReturnType<typeof newCredentials>> & {
        roles?: string[];
      } = {},
    ): Promise<RegisteredUser> {
      const credentials = { ...newCredentials(), ...overrides };
      const user = await handlers.registerUser.execute(
        new RegisterUserCommand(
          credentials.username,
          credentials.email,
          credentials.password,
          overrides.roles,
        ),
      );
      return { user, password: credentials.password };
    },

    /** Opens a session for the user through `GenerateAuthTokens`. */
    issueTokens(userId: string): Promise<AuthTokens> {
      return handlers.generateAuthTokens.execute(
        new GenerateAuthTokensCommand(userId),
      );
    },

    /** Registers a user and opens a session for it. */
    async registerAndIssueTokens(
      overrides: { roles?: string[] } = {},
    ): Promise<RegisteredUser & { tokens: AuthTokens }> {
      const registered = await this.registerUser(overrides);
      return {
        ...registered,
        tokens: await this.issueTokens(registered.user.id),
      };
    },

    /** Runs `RefreshAuthTokens`. */
    refresh(refreshToken: string): Promise<AuthTokens> {
      return handlers.refreshAuthTokens.execute(
        new RefreshAuthTokensCommand(refreshToken),
      );
    },
  };
}

/** One wired Tokenward instance (see `createHandlerKit`). */
export type HandlerKit = ReturnType<typeof createHandlerKit>;

/**
 * Another instance (cold caches) whose user look-ups by id fail while `outage.down` is set: the
 * storage failure a validation meets on its first sight of a user.
 */
export function instanceWithUserLookupOutage(kit: HandlerKit): {
  instance: HandlerKit;
  outage: StorageOutage;
} {
  const outage = new StorageOutage();
  const users = outage.wrap(kit.users, ['findById']);
  return { instance: anotherInstance(kit, {}, { users }), outage };
}

/**
 * A started instance (its first poll done, as after `onModuleInit`) with one registered user
 * holding one session, and no events recorded yet.
 */
export async function createKitWithSession(
  configOverrides: Partial<AuthModuleOptions> = {},
  roles?: string[],
): Promise<RegisteredUser & { kit: HandlerKit; tokens: AuthTokens }> {
  const kit = createHandlerKit(configOverrides);
  const { user, password, tokens } = await kit.registerAndIssueTokens({
    roles,
  });
  await kit.revocation.refresh();
  kit.events.clear();
  return { kit, user, password, tokens };
}

/**
 * Another Tokenward instance over the same storage and clock as `kit` but with its own caches,
 * as in a multi-instance deployment; `replaced` swaps some of the shared ports.
 */
export function anotherInstance(
  kit: HandlerKit,
  overrides: Partial<AuthModuleOptions> = {},
  replaced: KitPorts = {},
): HandlerKit {
  const {
    users,
    sessions,
    rotationState,
    signingKeys,
    auditLog,
    accountTokens,
    mailOutbox,
    changeLog,
    clock,
  } = kit;
  return createHandlerKit(
    { ...kit.options, ...overrides },
    {
      users,
      sessions,
      rotationState,
      signingKeys,
      auditLog,
      accountTokens,
      mailOutbox,
      changeLog,
      clock,
      ...replaced,
    },
  );
}

function announcedUsers(
  users: UserRepository,
  changeLog: RevocationChangeRepository,
  clock: ManualClock,
): UserRepository {
  return users instanceof AnnouncedUserRepository
    ? users
    : new AnnouncedUserRepository(users, changeLog, clock);
}

function announcedSessions(
  sessions: SessionRepository,
  changeLog: RevocationChangeRepository,
  clock: ManualClock,
): SessionRepository {
  return sessions instanceof AnnouncedSessionRepository
    ? sessions
    : new AnnouncedSessionRepository(sessions, changeLog, clock);
}
