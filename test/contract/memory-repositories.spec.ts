import {
  MemoryAccountTokenRepository,
  MemoryAuditLogRepository,
  MemoryMailOutboxRepository,
  MemoryLoginAttemptRepository,
  MemoryRotationStateRepository,
  MemoryRevocationChangeRepository,
  MemorySessionRepository,
  MemorySigningKeyRepository,
  MemoryUserRepository,
  MemorySsfEventRepository,
  MemorySsfStreamRepository,
  MemoryWebAuthnChallengeRepository,
  MemoryWebAuthnCredentialRepository,
  MemoryTotpFactorRepository,
} from '../support/tokenward.js';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { describe, expect, it } from 'vitest';
import { MAX_MEMORY_AUDIT_RECORDS } from '../../src/infrastructure/persistence/memory/memory-audit-log.repository.js';
import { AuditRecord } from '../support/tokenward.js';
import { describeRepositoryContract } from './repository-contract.js';

describeRepositoryContract('memory', async () => {
  // The memory store's rate-limit counters are @nestjs/throttler's own storage.
  const rateLimits = new ThrottlerStorageService();
  return {
    users: new MemoryUserRepository(),
    sessions: new MemorySessionRepository(),
    rotationState: new MemoryRotationStateRepository(),
    attempts: new MemoryLoginAttemptRepository(),
    rateLimits,
    auditLog: new MemoryAuditLogRepository(),
    signingKeys: new MemorySigningKeyRepository(),
    accountTokens: new MemoryAccountTokenRepository(),
    mailOutbox: new MemoryMailOutboxRepository(),
    ssfStreams: new MemorySsfStreamRepository(),
    ssfEvents: new MemorySsfEventRepository(),
    webauthnCredentials: new MemoryWebAuthnCredentialRepository(),
    webauthnChallenges: new MemoryWebAuthnChallengeRepository(),
    revocationChanges: new MemoryRevocationChangeRepository(),
    totpFactors: new MemoryTotpFactorRepository(),
    cleanup: async () => rateLimits.onApplicationShutdown(),
  };
});

describe('memory audit log: bounded', () => {
  const T0 = Date.parse('2026-03-01T12:00:00.000Z');
  const record = (id: string, occurredMs: number, expiresMs: number) =>
    new AuditRecord({
      id,
      action: 'user_token_rotation',
      actorId: null,
      subjectId: null,
      reason: null,
      requestId: null,
      occurredAt: new Date(T0 + occurredMs),
      details: {},
      expiresAt: new Date(T0 + expiresMs),
    });

  it('drops records once a newer one is appended past their expiry', async () => {
    const log = new MemoryAuditLogRepository();
    await log.append(record('a', 0, 1000));
    await log.append(record('b', 500, 5000));
    await log.append(record('c', 999, 5000));
    expect(await log.count()).toBe(3);

    await log.append(record('d', 1000, 6000));

    expect((await log.list({ skip: 0, limit: 10 })).map((r) => r.id)).toEqual([
      'd',
      'c',
      'b',
    ]);
  });

  it(`keeps at most ${MAX_MEMORY_AUDIT_RECORDS} records, dropping the oldest`, async () => {
    const log = new MemoryAuditLogRepository();
    const forever = 10 * 365 * 86_400_000;
    for (let i = 0; i <= MAX_MEMORY_AUDIT_RECORDS; i += 1) {
      await log.append(record(String(i).padStart(6, '0'), i, forever));
    }
    expect(await log.count()).toBe(MAX_MEMORY_AUDIT_RECORDS);
    const oldest = await log.list({
      skip: MAX_MEMORY_AUDIT_RECORDS - 1,
      limit: 1,
    });
    expect(oldest.map((r) => r.id)).toEqual(['000001']);
  });
});
