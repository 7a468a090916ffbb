import type { Provider } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
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
import { MemoryAccountTokenRepository } from './memory-account-token.repository.js';
import { MemoryAuditLogRepository } from './memory-audit-log.repository.js';
import { MemoryMailOutboxRepository } from './memory-mail-outbox.repository.js';
import { MemoryLoginAttemptRepository } from './memory-login-attempt.repository.js';
import { MemoryRotationStateRepository } from './memory-rotation-state.repository.js';
import { MemorySessionRepository } from './memory-session.repository.js';
import { MemorySigningKeyRepository } from './memory-signing-key.repository.js';
import { MemoryUserRepository } from './memory-user.repository.js';

/** The embedded store: fresh, process-local repositories for each module instance. */
export function memoryPersistenceProviders(): Provider[] {
  return [
    { provide: STORED_USER_REPOSITORY, useClass: MemoryUserRepository },
    { provide: STORED_SESSION_REPOSITORY, useClass: MemorySessionRepository },
    {
      provide: STORED_ROTATION_STATE_REPOSITORY,
      useClass: MemoryRotationStateRepository,
    },
    {
      provide: STORED_LOGIN_ATTEMPT_REPOSITORY,
      useClass: MemoryLoginAttemptRepository,
    },
    {
      provide: STORED_SIGNING_KEY_REPOSITORY,
      useClass: MemorySigningKeyRepository,
    },
    {
      provide: STORED_AUDIT_LOG_REPOSITORY,
      useClass: MemoryAuditLogRepository,
    },
    // @nestjs/throttler's own in-memory storage (its module is not imported: see AuthRateLimitGuard).
    {
      provide: STORED_RATE_LIMIT_STORAGE,
      useClass: ThrottlerStorageService,
    },
    {
      provide: STORED_ACCOUNT_TOKEN_REPOSITORY,
      useClass: MemoryAccountTokenRepository,
    },
    {
      provide: STORED_MAIL_OUTBOX_REPOSITORY,
      useClass: MemoryMailOutboxRepository,
    },
  ];
}
