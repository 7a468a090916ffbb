import { beforeEach, describe, expect, it } from 'vitest';
import {
  createKitWithSession,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { TokenVersionRejectedError } from '../../../domain/errors/token-version-rejected.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import type { AuthTokens } from '../../dtos/auth-tokens.dto.js';
import { UserRotationResult } from '../../dtos/user-rotation-result.dto.js';
import { UserTokenRotatedEvent } from '../../events/user-token-rotated.event.js';
import { TriggerUserTokenRotationCommand } from './trigger-user-token-rotation.command.js';

describe('TriggerUserTokenRotationHandler', () => {
  let kit: HandlerKit;
  let userId: string;
  let tokens: AuthTokens;
  const rotate = (id: string, reason?: string, by?: string) =>
    kit.handlers.triggerUserTokenRotation.execute(
      new TriggerUserTokenRotationCommand(id, { reason, actorId: by }),
    );

  beforeEach(async () => {
    // A started instance: "at once" below means without waiting for any poll.
    const started = await createKitWithSession();
    ({ kit, tokens } = started);
    userId = started.user.id;
  });

  it('bumps the user version and reports both versions', async () => {
    await expect(rotate(userId)).resolves.toEqual(
      new UserRotationResult(userId, 1, 2),
    );
    await expect(rotate(userId)).resolves.toEqual(
      new UserRotationResult(userId, 2, 3),
    );
  });

  it('rejects the user’s tokens at once, with no grace', async () => {
    await rotate(userId);
    await expect(kit.validator.validate(tokens.accessToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
    await expect(kit.refresh(tokens.refreshToken)).rejects.toThrow(
      TokenVersionRejectedError,
    );
  });

  it('leaves other users’ tokens alone and lets the user log in again', async () => {
    const other = await kit.registerAndIssueTokens();
    await rotate(userId);
    await expect(
      kit.validator.validate(other.tokens.accessToken),
    ).resolves.toBeDefined();
    const fresh = await kit.issueTokens(userId);
    await expect(
      kit.validator.validate(fresh.accessToken),
    ).resolves.toBeDefined();
  });

  it('publishes the rotation with reason and actor', async () => {
    await rotate(userId, 'lost phone', 'admin-1');
    expect(kit.events.published).toEqual([
      new UserTokenRotatedEvent(
        userId,
        1,
        2,
        { reason: 'lost phone', actorId: 'admin-1' },
        kit.clock.now(),
      ),
    ]);
  });

  it('records the rotation in the audit trail, with the request id', async () => {
    await kit.handlers.triggerUserTokenRotation.execute(
      new TriggerUserTokenRotationCommand(userId, {
        reason: 'lost phone',
        actorId: 'admin-1',
        requestId: 'r',
      }),
    );
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        action: 'user_token_rotation',
        actorId: 'admin-1',
        subjectId: userId,
        reason: 'lost phone',
        requestId: 'r',
        occurredAt: kit.clock.now(),
        details: { previousVersion: 1, newVersion: 2 },
      }),
    ]);
  });

  it('records a system rotation (CLI) with no actor, reason or request', async () => {
    await rotate(userId);
    expect(await kit.auditLog.list({ skip: 0, limit: 10 })).toEqual([
      expect.objectContaining({
        actorId: null,
        reason: null,
        requestId: null,
      }),
    ]);
  });

  it('refuses an unknown user', async () => {
    await expect(rotate('no-such-user')).rejects.toThrow(UserNotFoundError);
    expect(kit.events.published).toEqual([]);
    expect(await kit.auditLog.count()).toBe(0);
  });
});
