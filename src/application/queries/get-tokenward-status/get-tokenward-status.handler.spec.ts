import { beforeEach, describe, expect, it } from 'vitest';
import {
  anotherInstance,
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { RevokeAllUserSessionsCommand } from '../../commands/revoke-all-user-sessions/revoke-all-user-sessions.command.js';
import { SetUserStatusCommand } from '../../commands/set-user-status/set-user-status.command.js';
import { TriggerGlobalTokenRotationCommand } from '../../commands/trigger-global-token-rotation/trigger-global-token-rotation.command.js';
import { TriggerSigningKeyRotationCommand } from '../../commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { GlobalRotationView } from '../../dtos/global-rotation-view.dto.js';

describe('GetTokenwardStatusHandler', () => {
  let kit: HandlerKit;
  const status = (of: HandlerKit = kit) =>
    of.handlers.getTokenwardStatus.execute();

  beforeEach(() => {
    kit = createHandlerKit();
  });

  it('reports an empty installation without creating a signing key', async () => {
    expect(await status()).toEqual({
      globalRotation: new GlobalRotationView(1, null, null, null, null),
      activeUsers: 0,
      activeSessions: 0,
      signingKeys: [],
      secretOpensSigningKeys: true,
      readAt: kit.clock.now(),
    });
    expect(await kit.signingKeys.load()).toBeNull();
  });

  it('counts active users and live sessions, and shows the rotation state and the keys', async () => {
    const { user } = await kit.registerAndIssueTokens();
    await kit.registerAndIssueTokens();
    const inactive = await kit.registerUser();
    await kit.handlers.setUserStatus.execute(
      new SetUserStatusCommand(inactive.user.id, false),
    );
    await kit.handlers.revokeAllUserSessions.execute(
      new RevokeAllUserSessionsCommand(user.id),
    );
    await kit.handlers.triggerGlobalTokenRotation.execute(
      new TriggerGlobalTokenRotationCommand(60, { reason: 'drill' }),
    );
    const first = await kit.keys.active();
    await kit.handlers.triggerSigningKeyRotation.execute(
      new TriggerSigningKeyRotationCommand(),
    );

    const result = await status();

    expect(result.activeUsers).toBe(2);
    expect(result.activeSessions).toBe(1);
    expect(result.globalRotation).toMatchObject({
      version: 2,
      previousVersion: 1,
      reason: 'drill',
    });
    expect(result.signingKeys.map((k) => [k.status, k.algorithm])).toEqual([
      ['active', 'HS256'],
      ['retired', 'HS256'],
    ]);
    expect(result.signingKeys[1]?.kid).toBe(first.kid);
  });

  it('says when this instance cannot open the sealed keys (another secret), and not for HS256 keys', async () => {
    const sealed = createHandlerKit({ signing: { algorithm: 'EdDSA' } });
    await sealed.keys.active();
    const otherSecret = anotherInstance(sealed, {
      secret: 'some-other-deployment-secret-0123456789abcdef',
    });

    expect((await status(sealed)).secretOpensSigningKeys).toBe(true);
    expect((await status(otherSecret)).secretOpensSigningKeys).toBe(false);

    const hs = createHandlerKit();
    await hs.keys.active();
    const hsOther = anotherInstance(hs, {
      secret: 'some-other-deployment-secret-0123456789abcdef',
    });
    expect((await status(hsOther)).secretOpensSigningKeys).toBe(true);
  });
});
