import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { TriggerSigningKeyRotationCommand } from '../../commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';
import { SigningKeyView } from '../../dtos/signing-key-view.dto.js';

const WINDOW_S = 900 + 5;

describe('GetSigningKeysHandler', () => {
  let kit: HandlerKit;
  const list = () => kit.handlers.getSigningKeys.execute();
  const rotate = (revokePrevious = false) =>
    kit.handlers.triggerSigningKeyRotation.execute(
      new TriggerSigningKeyRotationCommand({}, revokePrevious),
    );

  beforeEach(() => {
    kit = createHandlerKit({ signing: { algorithm: 'ES256' } });
  });

  it('lists nothing before any token was signed, and creates nothing', async () => {
    expect(await list()).toEqual([]);
    expect(await kit.signingKeys.load()).toBeNull();
  });

  it('lists the active key first, then retired ones with their end, then revoked ones', async () => {
    const first = await kit.keys.active();
    const rotatedAt = kit.clock.now();
    const second = await rotate();
    kit.clock.advanceSeconds(60);
    const third = await rotate(true);

    const keys = await list();
    expect(keys.map((k) => [k.kid, k.status])).toEqual([
      [third.kid, 'active'],
      [second.kid, 'revoked'],
      [first.kid, 'revoked'],
    ]);
    expect(keys[0]).toEqual(
      new SigningKeyView(
        third.kid,
        'ES256',
        'active',
        kit.clock.now(),
        null,
        null,
        null,
      ),
    );
    expect(keys[2]?.retiredAt).toEqual(rotatedAt);
    expect(keys.every((k) => !('sealedPrivateKey' in k))).toBe(true);
  });

  it('shows a retired key as expired once its window has passed', async () => {
    const first = await kit.keys.active();
    await rotate();
    const retired = (await list()).find((k) => k.kid === first.kid);
    expect(retired?.status).toBe('retired');
    expect(retired?.verifiesUntil).toEqual(
      new Date(kit.clock.now().getTime() + WINDOW_S * 1000),
    );

    kit.clock.advanceSeconds(WINDOW_S);
    expect((await list()).find((k) => k.kid === first.kid)?.status).toBe(
      'expired',
    );
  });
});
