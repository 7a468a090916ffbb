import type { Provider } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AuthConfig } from '../../application/auth-config.js';
import { AnnouncedSessionRepository } from '../../application/services/announced-session.repository.js';
import { AnnouncedUserRepository } from '../../application/services/announced-user.repository.js';
import { Clock } from '../../domain/ports/clock.js';
import { AccountTokenRepository } from '../../domain/ports/account-token.repository.js';
import { AuditLogRepository } from '../../domain/ports/audit-log.repository.js';
import { LoginAttemptRepository } from '../../domain/ports/login-attempt.repository.js';
import { MailOutboxRepository } from '../../domain/ports/mail-outbox.repository.js';
import { RateLimitStorage } from '../../domain/ports/rate-limit-storage.js';
import { RevocationChangeRepository } from '../../domain/ports/revocation-change.repository.js';
import { RotationStateRepository } from '../../domain/ports/rotation-state.repository.js';
import { SessionRepository } from '../../domain/ports/session.repository.js';
import { SigningKeyRepository } from '../../domain/ports/signing-key.repository.js';
import { SsfEventRepository } from '../../domain/ports/ssf-event.repository.js';
import { SsfStreamRepository } from '../../domain/ports/ssf-stream.repository.js';
import { UserRepository } from '../../domain/ports/user.repository.js';
import { TotpFactorRepository } from '../../domain/ports/totp-factor.repository.js';
import { WebAuthnChallengeRepository } from '../../domain/ports/webauthn-challenge.repository.js';
import { WebAuthnCredentialRepository } from '../../domain/ports/webauthn-credential.repository.js';
import { failClosed } from '../../infrastructure/persistence/fail-closed.js';
import { MemoryAccountTokenRepository } from '../../infrastructure/persistence/memory/memory-account-token.repository.js';
import { MemoryAuditLogRepository } from '../../infrastructure/persistence/memory/memory-audit-log.repository.js';
import { MemoryLoginAttemptRepository } from '../../infrastructure/persistence/memory/memory-login-attempt.repository.js';
import { MemoryMailOutboxRepository } from '../../infrastructure/persistence/memory/memory-mail-outbox.repository.js';
import { MemoryRevocationChangeRepository } from '../../infrastructure/persistence/memory/memory-revocation-change.repository.js';
import { MemoryRotationStateRepository } from '../../infrastructure/persistence/memory/memory-rotation-state.repository.js';
import { MemorySessionRepository } from '../../infrastructure/persistence/memory/memory-session.repository.js';
import { MemorySigningKeyRepository } from '../../infrastructure/persistence/memory/memory-signing-key.repository.js';
import { MemorySsfEventRepository } from '../../infrastructure/persistence/memory/memory-ssf-event.repository.js';
import { MemorySsfStreamRepository } from '../../infrastructure/persistence/memory/memory-ssf-stream.repository.js';
import { MemoryUserRepository } from '../../infrastructure/persistence/memory/memory-user.repository.js';
import { MemoryTotpFactorRepository } from '../../infrastructure/persistence/memory/memory-totp-factor.repository.js';
import { MemoryWebAuthnChallengeRepository } from '../../infrastructure/persistence/memory/memory-webauthn-challenge.repository.js';
import { MemoryWebAuthnCredentialRepository } from '../../infrastructure/persistence/memory/memory-webauthn-credential.repository.js';
import type {
  MongooseAdapterClass,
  MongoosePersistenceOptions,
} from '../../infrastructure/persistence/mongoose/mongoose-persistence.options.js';
import {
  mongoosePersistenceParts,
  type PersistenceParts,
} from '../../infrastructure/persistence/mongoose/mongoose-persistence.parts.js';

/** A port: the abstract class the application injects, and the module's DI token for it. */
type Port = abstract new (...args: never[]) => object;

/** One storage port and what stores it on each storage. */
export interface RepositoryRow {
  readonly port: Port;
  /** The embedded store's adapter (`storage: 'memory'`): fresh for each module instance. */
  readonly memory: new () => object;
  /** The collection, after the prefix (`storage: 'mongoose'`). */
  readonly collection: string;
  /**
   * The mongoose adapter (its `schema` with it), loaded only with `storage: 'mongoose'`:
   * `mongoose` and `@nestjs/mongoose` are optional peers, so nothing here may import them
   * statically (test/architecture/optional-mongoose.spec.ts).
   */
  readonly mongoose: () => Promise<MongooseAdapterClass>;
  /**
   * For the ports whose changes can revoke access tokens: the wrapper that records each such
   * change in the revocation change log before making it (`AnnouncedUserRepository`).
   */
  readonly announced?: new (
    inner: never,
    changes: RevocationChangeRepository,
    clock: Clock,
  ) => object;
}

/**
 * Every storage port, one row each: the memory providers, the mongoose module (models,
 * collections, adapters), the fail-closed wrapping and the exported ports are all derived from
 * it. Adding a repository is adding its row (and its classes).
 */
export const REPOSITORIES: readonly RepositoryRow[] = [
  {
    port: UserRepository,
    memory: MemoryUserRepository,
    collection: 'users',
    announced: AnnouncedUserRepository,
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-user.repository.js')
      ).MongooseUserRepository,
  },
  {
    port: SessionRepository,
    memory: MemorySessionRepository,
    collection: 'sessions',
    announced: AnnouncedSessionRepository,
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-session.repository.js')
      ).MongooseSessionRepository,
  },
  {
    port: RevocationChangeRepository,
    memory: MemoryRevocationChangeRepository,
    collection: 'revocation_changes',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-revocation-change.repository.js')
      ).MongooseRevocationChangeRepository,
  },
  {
    port: RotationStateRepository,
    memory: MemoryRotationStateRepository,
    collection: 'rotation_state',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-rotation-state.repository.js')
      ).MongooseRotationStateRepository,
  },
  {
    port: LoginAttemptRepository,
    memory: MemoryLoginAttemptRepository,
    collection: 'login_attempts',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-login-attempt.repository.js')
      ).MongooseLoginAttemptRepository,
  },
  {
    port: SigningKeyRepository,
    memory: MemorySigningKeyRepository,
    collection: 'signing_keys',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-signing-key.repository.js')
      ).MongooseSigningKeyRepository,
  },
  {
    port: AuditLogRepository,
    memory: MemoryAuditLogRepository,
    collection: 'audit_log',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-audit-log.repository.js')
      ).MongooseAuditLogRepository,
  },
  // Memory: @nestjs/throttler's own storage (its module is not imported: see AuthRateLimitGuard).
  // MongoDB: counters shared, so N instances do not allow N times the rate.
  {
    port: RateLimitStorage,
    memory: ThrottlerStorageService,
    collection: 'rate_limits',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-rate-limit.storage.js')
      ).MongooseRateLimitStorage,
  },
  {
    port: AccountTokenRepository,
    memory: MemoryAccountTokenRepository,
    collection: 'account_tokens',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-account-token.repository.js')
      ).MongooseAccountTokenRepository,
  },
  {
    port: MailOutboxRepository,
    memory: MemoryMailOutboxRepository,
    collection: 'mail_outbox',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-mail-outbox.repository.js')
      ).MongooseMailOutboxRepository,
  },
  {
    port: SsfStreamRepository,
    memory: MemorySsfStreamRepository,
    collection: 'ssf_streams',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-ssf-stream.repository.js')
      ).MongooseSsfStreamRepository,
  },
  {
    port: SsfEventRepository,
    memory: MemorySsfEventRepository,
    collection: 'ssf_events',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-ssf-event.repository.js')
      ).MongooseSsfEventRepository,
  },
  {
    port: WebAuthnCredentialRepository,
    memory: MemoryWebAuthnCredentialRepository,
    collection: 'webauthn_credentials',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-webauthn-credential.repository.js')
      ).MongooseWebAuthnCredentialRepository,
  },
  {
    port: WebAuthnChallengeRepository,
    memory: MemoryWebAuthnChallengeRepository,
    collection: 'webauthn_challenges',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-webauthn-challenge.repository.js')
      ).MongooseWebAuthnChallengeRepository,
  },
  {
    port: TotpFactorRepository,
    memory: MemoryTotpFactorRepository,
    collection: 'totp_factors',
    mongoose: async () =>
      (
        await import('../../infrastructure/persistence/mongoose/mongoose-totp-factor.repository.js')
      ).MongooseTotpFactorRepository,
  },
];

const STORED_TOKENS = new Map<unknown, symbol>(
  REPOSITORIES.map(({ port }) => [
    port,
    Symbol(`TOKENWARD_STORED_${port.name}`),
  ]),
);

/**
 * Internal token under which the chosen storage (or a host's provider for the port) registers a
 * repository; the port itself is bound to a fail-closed wrapper of it.
 */
export function storedToken(port: Port): symbol {
  const token = STORED_TOKENS.get(port);
  if (token === undefined)
    throw new Error(`${port.name} is not a Tokenward repository port`);
  return token;
}

/** The storage's imports and providers, and each port bound to its fail-closed wrapper. */
export function repositoryParts(
  storage: 'memory' | 'mongoose',
  mongoose: MongoosePersistenceOptions | undefined,
): PersistenceParts {
  const stored = storageParts(storage, mongoose);
  return {
    imports: stored.imports,
    providers: [
      ...stored.providers,
      // Whatever the storage throws that is not a domain error, or does not answer in time,
      // becomes a 503, never a 500 or a request held for the driver's own timeouts.
      ...REPOSITORIES.map(({ port, announced }) =>
        announced === undefined
          ? {
              provide: port,
              useFactory: (repository: object, config: AuthConfig) =>
                failClosed(repository, config.storageTimeoutMs),
              inject: [storedToken(port), AuthConfig],
            }
          : {
              // Each storage call bounded on its own: the change-log record, then the change.
              provide: port,
              useFactory: (
                repository: object,
                config: AuthConfig,
                changes: RevocationChangeRepository,
                clock: Clock,
              ) =>
                new announced(
                  failClosed(repository, config.storageTimeoutMs) as never,
                  changes,
                  clock,
                ),
              inject: [
                storedToken(port),
                AuthConfig,
                RevocationChangeRepository,
                Clock,
              ],
            },
      ),
    ],
  };
}

/** What the chosen storage registers under the stored tokens. */
export function storageParts(
  storage: 'memory' | 'mongoose',
  mongoose: MongoosePersistenceOptions | undefined,
): PersistenceParts {
  switch (storage) {
    case 'memory':
    case undefined:
      return {
        imports: [],
        providers: REPOSITORIES.map(({ port, memory }) => ({
          provide: storedToken(port),
          useClass: memory,
        })),
      };
    case 'mongoose':
      return mongoosePersistenceParts(
        REPOSITORIES.map((row) => ({
          token: storedToken(row.port),
          collection: row.collection,
          load: row.mongoose,
        })),
        mongoose,
      );
    default:
      throw new Error(`Unknown Tokenward storage "${String(storage)}"`);
  }
}

/**
 * A host's provider for a repository port takes the adapter's place behind the fail-closed
 * wrapper (it is registered under the stored token), so its failures are 503s too; any other
 * provider is left as it is.
 */
export function behindFailClosed(provider: Provider): Provider {
  if (
    typeof provider !== 'object' ||
    provider === null ||
    !('provide' in provider)
  ) {
    return provider;
  }
  const stored = STORED_TOKENS.get(provider.provide);
  return stored === undefined ? provider : { ...provider, provide: stored };
}
