import {
  MemoryLoginAttemptRepository,
  MemoryRotationStateRepository,
  MemorySessionRepository,
  MemoryUserRepository,
} from '../support/tokenward.js';
import { describeRepositoryContract } from './repository-contract.js';

describeRepositoryContract('memory', async () => ({
  users: new MemoryUserRepository(),
  sessions: new MemorySessionRepository(),
  rotationState: new MemoryRotationStateRepository(),
  attempts: new MemoryLoginAttemptRepository(),
}));
