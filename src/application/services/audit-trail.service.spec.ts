import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHandlerKit,
  RecordingEventBus,
} from '../../../test/support/handler-kit.js';
import type { AuditRecord } from '../../domain/entities/audit-record.entity.js';
import { AuditLogRepository } from '../../domain/ports/audit-log.repository.js';
import { MemoryAuditLogRepository } from '../../infrastructure/persistence/memory/memory-audit-log.repository.js';
import { UserTokenRotatedEvent } from '../events/user-token-rotated.event.js';
import { AuditTrail } from './audit-trail.service.js';

const T = new Date('2026-03-01T12:00:00.000Z');
const DAY_MS = 86_400_000;

function rotation(
  reason: string | null = 'lost laptop',
): UserTokenRotatedEvent {
  return new UserTokenRotatedEvent(
    'user-1',
    3,
    4,
    { reason, actorId: 'admin-1', requestId: 'r-1' },
    T,
  );
}

class FailingAuditLog extends AuditLogRepository {
  constructor(private readonly error: unknown) {
    super();
  }
  async append(_record: AuditRecord): Promise<void> {
    throw this.error;
  }
  async list(): Promise<AuditRecord[]> {
    return [];
  }
  async count(): Promise<number> {
    return 0;
  }
}

describe('AuditTrail', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("appends the event's entry with a new id and the retention's expiry", async () => {
    const { config } = createHandlerKit({ auditRetentionDays: 30 });
    const log = new MemoryAuditLogRepository();
    const trail = new AuditTrail(config, log, new RecordingEventBus() as never);

    await trail.record(rotation());
    await trail.record(rotation());

    const [second, first] = await log.list({ skip: 0, limit: 10 });
    expect(first).toMatchObject({
      action: 'user_token_rotation',
      actorId: 'admin-1',
      subjectId: 'user-1',
      reason: 'lost laptop',
      requestId: 'r-1',
      occurredAt: T,
      details: { previousVersion: 3, newVersion: 4 },
      expiresAt: new Date(T.getTime() + 30 * DAY_MS),
    });
    expect(first!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.id).not.toBe(first!.id);
  });

  it('publish: records the event, then hands it to the EventBus (the record is readable by then)', async () => {
    const { config } = createHandlerKit();
    const log = new MemoryAuditLogRepository();
    const recordsWhenPublished: Array<Promise<number>> = [];
    const bus = new RecordingEventBus();
    const publish = bus.publish.bind(bus);
    bus.publish = (event) => {
      recordsWhenPublished.push(log.count());
      publish(event);
    };
    const event = rotation();

    await new AuditTrail(config, log, bus as never).publish(event);

    expect(bus.published).toEqual([event]);
    expect(await Promise.all(recordsWhenPublished)).toEqual([1]);
  });

  it('keeps records 365 days by default', async () => {
    const { config } = createHandlerKit();
    const log = new MemoryAuditLogRepository();
    await new AuditTrail(config, log, new RecordingEventBus() as never).record(
      rotation(),
    );
    const [record] = await log.list({ skip: 0, limit: 1 });
    expect(record!.expiresAt).toEqual(new Date(T.getTime() + 365 * DAY_MS));
  });

  it('logs a failed write with the record but without the reason, and does not throw', async () => {
    const error = vi
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    const { config } = createHandlerKit();
    const failure = new Error('connection refused');
    failure.stack =
      'Error: connection refused\n    at secret-frame (db.js:1:1)';
    const trail = new AuditTrail(
      config,
      new FailingAuditLog(failure),
      new RecordingEventBus() as never,
    );

    await expect(
      trail.record(rotation('the reason text is never logged')),
    ).resolves.toBeUndefined();

    expect(error).toHaveBeenCalledTimes(1);
    const line = String(error.mock.calls[0]?.[0]);
    expect(line).toContain('user_token_rotation');
    expect(line).toContain('"subjectId":"user-1"');
    expect(line).toContain('"requestId":"r-1"');
    expect(line).toContain('Error: connection refused');
    expect(line).not.toContain('never logged');
    expect(line).not.toContain('secret-frame');
    expect(error.mock.calls[0]).toHaveLength(1);
  });
});
