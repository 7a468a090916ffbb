import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { GlobalRotationView } from '../../dtos/global-rotation-view.dto.js';
import { TriggerGlobalTokenRotationCommand } from '../../commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';

describe('GetGlobalRotationStateHandler', () => {
  let kit: HandlerKit;
  const state = () => kit.handlers.getGlobalRotationState.execute();

  beforeEach(() => {
    kit = createHandlerKit({ globalGracePeriodSeconds: 90 });
  });

  it('shows version 1 and no previous version before any rotation', async () => {
    await expect(state()).resolves.toEqual(
      new GlobalRotationView(1, null, null, null, null),
    );
  });

  it('shows the last rotation and its grace window', async () => {
    const rotatedAt = kit.clock.now();
    await kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(undefined, {
        reason: 'key leak',
        actorId: 'admin-1',
      }),
    );
    await expect(state()).resolves.toEqual(
      new GlobalRotationView(
        2,
        1,
        rotatedAt,
        new Date(rotatedAt.getTime() + 90_000),
        'key leak',
      ),
    );
  });

  it('reads storage, so a rotation by another instance shows at once', async () => {
    await kit.revocation.refresh();
    const now = kit.clock.now();
    await kit.rotationState.rotate({
      now,
      graceEndsAt: now,
      reason: 'elsewhere',
      rotatedBy: null,
    });
    await expect(state()).resolves.toMatchObject({
      version: 2,
      reason: 'elsewhere',
    });
  });
});
