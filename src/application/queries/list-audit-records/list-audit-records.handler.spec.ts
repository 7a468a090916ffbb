import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { TriggerUserTokenRotationCommand } from '../../commands/trigger-user-token-rotation/trigger-user-token-rotation.command.js';
import { ListAuditRecordsQuery } from './list-audit-records.query.js';
import {
  MAX_AUDIT_PAGE_SIZE,
  MAX_AUDIT_SKIP,
} from './list-audit-records.handler.js';

describe('ListAuditRecordsHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  const list = (skip: number, limit: number) =>
    kit.handlers.listAuditRecords.execute(
      new ListAuditRecordsQuery(skip, limit),
    );
  const reasons = (records: readonly { reason: string | null }[]) =>
    records.map((record) => record.reason);

  beforeEach(async () => {
    const started = await createKitWithSession();
    kit = started.kit;
    userId = started.user.id;
    for (let i = 1; i <= 5; i += 1) {
      await kit.handlers.triggerUserTokenRotation.execute(
        new TriggerUserTokenRotationCommand(userId, {
          reason: `r${i}`,
          actorId: 'admin-1',
        }),
      );
      kit.clock.advanceSeconds(1);
    }
  });

  it('lists records newest first, with the total', async () => {
    const page = await list(0, 10);
    expect(reasons(page.items)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    expect(page).toMatchObject({ skip: 0, limit: 10, total: 5 });
  });

  it('pages with skip and limit', async () => {
    const page = await list(1, 2);
    expect(reasons(page.items)).toEqual(['r4', 'r3']);
    expect(page.total).toBe(5);
    await expect(list(5, 2)).resolves.toMatchObject({ items: [], total: 5 });
  });

  it('accepts the largest page and the deepest skip', async () => {
    await expect(
      list(MAX_AUDIT_SKIP, MAX_AUDIT_PAGE_SIZE),
    ).resolves.toMatchObject({
      items: [],
      skip: MAX_AUDIT_SKIP,
      limit: MAX_AUDIT_PAGE_SIZE,
    });
  });

  it.each([
    ['a negative skip', -1, 10],
    ['a fractional skip', 0.5, 10],
    ['a skip beyond the maximum', MAX_AUDIT_SKIP + 1, 10],
    ['a zero limit', 0, 0],
    ['a limit above the maximum', 0, MAX_AUDIT_PAGE_SIZE + 1],
    ['a fractional limit', 0, 2.5],
    ['a NaN limit', 0, Number.NaN],
  ])('refuses %s', async (_label, skip, limit) => {
    await expect(list(skip, limit)).rejects.toThrow(ValidationError);
  });
});
