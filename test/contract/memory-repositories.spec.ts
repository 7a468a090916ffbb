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
import { randomUUID } from 'node:crypto';
import { AuditRecord, Session, Username } from '../support/tokenward.js';
import { describeRepositoryContract, makeUser } from './repository-contract.js';

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

describe('memory store: compact records keep every value their own', () => {
  const T0 = Date.parse('2026-03-01T12:00:00.000Z');
  const at = (seconds: number) => new Date(T0 + seconds * 1000);
  const user = (name: string, roles: string[]) =>
    makeUser({ username: name, roles });
  const session = (userId: string, createdAt: Date, expiresAt: Date) =>
    Session.opened({
      id: randomUUID(),
      userId,
      refreshTokenHash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
      globalVersion: 1,
      userVersion: 1,
      createdAt,
      expiresAt,
      client: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0' },
      authentication: { amr: ['pwd'], authTime: createdAt },
    });

  it("changes one user's roles without touching another's with the same roles, nor through the caller's array", async () => {
    const users = new MemoryUserRepository();
    const rolesOfA = ['user'];
    const a = await users.create(user('alice', rolesOfA));
    const b = await users.create(user('bob', ['user']));
    rolesOfA.push('admin');
    expect((await users.findById(a.id))?.roles).toEqual(['user']);

    await users.updateStatus(a.id, { roles: ['admin', 'user'] }, false, at(1));

    expect((await users.findById(a.id))?.roles).toEqual(['admin', 'user']);
    expect((await users.findById(b.id))?.roles).toEqual(['user']);
    expect((await users.findByUsername(Username.keyOf('bob')))?.username).toBe(
      'bob',
    );
  });

  it("forgets a user's expired sessions and still finds and revokes the live ones", async () => {
    const sessions = new MemorySessionRepository();
    const one = randomUUID(); // holds one session, which expires
    const two = randomUUID(); // holds two, one of which expires, then a third
    const expired = await sessions.create(session(one, at(0), at(60)));
    const short = await sessions.create(session(two, at(0), at(60)));
    const long = await sessions.create(session(two, at(0), at(86_400)));

    // Creating a session more than a minute later sweeps the expired ones out.
    const later = await sessions.create(session(one, at(120), at(86_400)));
    const third = await sessions.create(session(two, at(130), at(86_400)));

    expect(await sessions.findById(expired.id)).toBeNull();
    expect(await sessions.findById(short.id)).toBeNull();
    expect(
      (await sessions.listActiveForUser(one, at(121), 10)).map((s) => s.id),
    ).toEqual([later.id]);
    expect(
      (await sessions.listActiveForUser(two, at(131), 10)).map((s) => s.id),
    ).toEqual([third.id, long.id]);
    expect(await sessions.revokeAllForUser(one, 'logout_all', at(132))).toBe(1);
    expect(await sessions.revokeAllForUser(two, 'logout_all', at(132))).toBe(2);
    expect(await sessions.countActive(at(133))).toBe(0);
  });
});
