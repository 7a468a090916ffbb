import type { Provider } from '@nestjs/common';
import { RotationStateRepository } from '../../../domain/ports/rotation-state.repository.js';
import { SessionRepository } from '../../../domain/ports/session.repository.js';
import { UserRepository } from '../../../domain/ports/user.repository.js';
import { MemoryRotationStateRepository } from './memory-rotation-state.repository.js';
import { MemorySessionRepository } from './memory-session.repository.js';
import { MemoryUserRepository } from './memory-user.repository.js';

/** The embedded store: fresh, process-local repositories for each module instance. */
export function memoryPersistenceProviders(): Provider[] {
  return [
    { provide: UserRepository, useClass: MemoryUserRepository },
    { provide: SessionRepository, useClass: MemorySessionRepository },
    {
      provide: RotationStateRepository,
      useClass: MemoryRotationStateRepository,
    },
  ];
}
