import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Logger } from '@nestjs/common';
import {
  createHandlerKit,
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import type { AuditRecord } from '../../../domain/entities/audit-record.entity.js';
import { AuditLogRepository } from '../../../domain/ports/audit-log.repository.js';
import { GlobalRotationState } from '../../../domain/entities/global-rotation-state.entity.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { GlobalRotationResult } from '../../dtos/global-rotation-result.dto.js';
import { GlobalTokenRotatedEvent } from '../../events/global-token-rotated.event.js';
import { TriggerGlobalTokenRotationCommand } from './trigger-global-token-rotation.command.js';

const GRACE_S = 120;

/** An audit log whose storage is down. */
class FailingAuditLog extends AuditLogRepository {
  async append(_record: AuditRecord): Promise<void> {
    throw new Error('audit storage down');
  }
  async list(): Promise<AuditRecord[]> {
    return [];
  }
  async count(): Promise<number> {
    return 0;
  }
}
const REFRESH_TTL_S = 3_600;

describe('TriggerGlobalTokenRotationHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let v1: AuthTokens;
  const rotate = (grace?: number, reason?: string, by?: string) =>
    kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(grace, { reason, actorId: by }),
    );
  const inSeconds = (s: number) =>
    new Date(kit.clock.now().getTime() + s * 1000);

  beforeEach(async () => {
    // A started instance: "at once" below means without waiting for any poll.
    const started = await createKitWithSession({
      globalGracePeriodSeconds: GRACE_S,
      refreshTokenTtlSeconds: REFRESH_TTL_S,
    });
    ({ kit, tokens: v1 } = started);
    userId = started.user.id;
  });

  it('rotates with the configured grace period by default', async () => {
    const graceEndsAt = inSeconds(GRACE_S);
    await expect(rotate()).resolves.toEqual(
      new GlobalRotationResult(1, 2, GRACE_S, graceEndsAt),
    );
  });

  it('with rotateSigningKey also makes a fresh signing key active, the previous one still verifying', async () => {
    const before = await kit.keys.active();
    const result = await kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(
        0,
        {
          reason: 'key may be exposed',
          actorId: 'admin-1',
          requestId: 'req-1',
        },
        true,
      ),
    );
    const after = await kit.keys.active();
    expect(after.kid).not.toBe(before.kid);
    expect(result.signingKey).toMatchObject({
      kid: after.kid,
      previousKid: before.kid,
      revokedKids: [],
    });
    expect(result.newVersion).toBe(2);
    // Both rotations are in the audit trail under the one request id.
    const records = await kit.auditLog.list({ skip: 0, limit: 10 });
    expect(records.map((r) => [r.action, r.requestId]).sort()).toEqual([
      ['global_token_rotation', 'req-1'],
      ['signing_key_rotation', 'req-1'],
    ]);
    // The previous key still verifies its tokens; the global version now refuses them (grace 0).
    await expect(
      kit.signer.verify(v1.accessToken, kit.clock.now()),
    ).resolves.toBeDefined();
    await expect(kit.validator.validate(v1.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
  });

  it('without rotateSigningKey leaves the signing key alone', async () => {
    const before = await kit.keys.active();
    const result = await rotate(0);
    expect(result.signingKey).toBeNull();
    expect((await kit.keys.active()).kid).toBe(before.kid);
  });

  it('keeps the previous version valid during the grace window only', async () => {
    await rotate();
    kit.clock.advanceSeconds(GRACE_S - 1);
    await expect(kit.validator.validate(v1.accessToken)).resolves.toBeDefined();
    kit.clock.advanceSeconds(1);
    await expect(kit.validator.validate(v1.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
  });

  it('honours a grace period given with the command, including zero', async () => {
    await expect(rotate(0)).resolves.toEqual(
      new GlobalRotationResult(1, 2, 0, kit.clock.now()),
    );
    await expect(kit.validator.validate(v1.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
    const longer = await rotate(REFRESH_TTL_S);
    expect(longer.graceEndsAt).toEqual(inSeconds(REFRESH_TTL_S));
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['not a number', Number.NaN],
    ['longer than a refresh token lives', REFRESH_TTL_S + 1],
  ])('refuses a %s grace period and changes nothing', async (_label, grace) => {
    await expect(rotate(grace)).rejects.toThrow(ValidationError);
    expect((await kit.rotationState.get()).version).toBe(1);
    await expect(kit.validator.validate(v1.accessToken)).resolves.toBeDefined();
    expect(kit.events.published).toEqual([]);
  });

  it('cuts off the version before the previous one on a second rotation inside the grace', async () => {
    await rotate();
    const v2 = await kit.issueTokens(userId);
    kit.clock.advanceSeconds(10);
    await expect(rotate()).resolves.toMatchObject({
      previousVersion: 2,
      newVersion: 3,
    });
    await expect(kit.validator.validate(v1.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
    await expect(kit.refresh(v1.refreshToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
    await expect(kit.validator.validate(v2.accessToken)).resolves.toBeDefined();
  });

  it('is one O(1) write of the single rotation document, touching no user or session', async () => {
    const others = await Promise.all([
      kit.registerUser(),
      kit.registerUser(),
      kit.registerUser(),
    ]);
    await Promise.all(others.map(({ user }) => kit.issueTokens(user.id)));
    const ids = [userId, ...others.map(({ user }) => user.id)];
    const usersBefore = await kit.users.findSnapshotsByIds(ids);
    const rotateSpy = vi.spyOn(kit.rotationState, 'rotate');
    kit.clock.advanceSeconds(1);
    const before = kit.clock.now();
    await rotate(0, 'key leak', 'admin-1');
    expect(rotateSpy).toHaveBeenCalledTimes(1);
    expect(await kit.users.findSnapshotsByIds(ids)).toEqual(usersBefore);
    await expect(
      kit.sessions.findRevocationsAmong([], ids, new Date(0)),
    ).resolves.toEqual([]);
    // Nothing announced either: no other instance has a user or session to re-read.
    await expect(
      kit.changeLog.findSince(new Date(before.getTime() - 1)),
    ).resolves.toEqual([]);
    expect(await kit.rotationState.get()).toEqual(
      new GlobalRotationState({
        version: 2,
        previousVersion: 1,
        rotatedAt: before,
        graceEndsAt: before,
        reason: 'key leak',
        rotatedBy: 'admin-1',
      }),
    );
  });

  it('publishes who rotated, when and why', async () => {
    await rotate(60, 'scheduled', 'admin-1');
    expect(kit.events.published).toEqual([
      new GlobalTokenRotatedEvent(
        1,
        2,
        inSeconds(60),
        { reason: 'scheduled', actorId: 'admin-1' },
        kit.clock.now(),
      ),
    ]);
  });

  it('records who rotated, when, why and in which request in the audit trail', async () => {
    await kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(60, {
        reason: 'scheduled',
        actorId: 'admin-1',
        requestId: 'r-1',
      }),
    );
    const [record] = await kit.auditLog.list({ skip: 0, limit: 10 });
    expect(record).toMatchObject({
      action: 'global_token_rotation',
      actorId: 'admin-1',
      subjectId: null,
      reason: 'scheduled',
      requestId: 'r-1',
      occurredAt: kit.clock.now(),
      details: {
        previousVersion: 1,
        newVersion: 2,
        gracePeriodSeconds: 60,
        graceEndsAt: inSeconds(60).toISOString(),
      },
    });
    expect(kit.events.published).toEqual([
      new GlobalTokenRotatedEvent(
        1,
        2,
        inSeconds(60),
        { reason: 'scheduled', actorId: 'admin-1', requestId: 'r-1' },
        kit.clock.now(),
      ),
    ]);
  });

  it('records nothing for a refused rotation', async () => {
    await expect(rotate(-1)).rejects.toThrow(ValidationError);
    expect(await kit.auditLog.count()).toBe(0);
  });

  it('still rotates, answers and publishes when the audit write fails (it is logged)', async () => {
    const failing = createHandlerKit(
      { ...kit.options },
      { auditLog: new FailingAuditLog() },
    );
    const error = vi
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
    try {
      await expect(
        failing.handlers.triggerGlobalTokenRotation.execute(
          new TriggerGlobalTokenRotationCommand(0, {
            reason: 'secret-ish reason',
            actorId: 'a-1',
          }),
        ),
      ).resolves.toMatchObject({ previousVersion: 1, newVersion: 2 });
      expect((await failing.rotationState.get()).version).toBe(2);
      expect(failing.events.ofType(GlobalTokenRotatedEvent)).toHaveLength(1);
      expect(error).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]?.[0])).toContain(
        'global_token_rotation',
      );
    } finally {
      error.mockRestore();
    }
  });

  it('publishes null reason and actor for a system rotation', async () => {
    await rotate();
    const [event] = kit.events.ofType(GlobalTokenRotatedEvent);
    expect(event!.audit).toEqual({});
    expect(event!.toAuditEntry()).toMatchObject({
      reason: null,
      actorId: null,
    });
  });
});
