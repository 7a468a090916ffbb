import { describe, expect, it } from 'vitest';
import { createHandlerKit } from '../../../../test/support/handler-kit.js';
import { TriggerSigningKeyRotationCommand } from '../../commands/trigger-signing-key-rotation/trigger-signing-key-rotation.command.js';

describe('GetJsonWebKeySetHandler', () => {
  it('publishes nothing for HS256 keys (they never leave the process)', async () => {
    const kit = createHandlerKit();
    await kit.keys.active();
    expect((await kit.handlers.getJsonWebKeySet.execute()).keys).toEqual([]);
  });

  it('creates the ring when asked first, so the first token names a published key', async () => {
    const kit = createHandlerKit({ signing: { algorithm: 'EdDSA' } });
    const { keys } = await kit.handlers.getJsonWebKeySet.execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: (await kit.keys.active()).kid,
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('lists the active and still-verifying retired keys, active first; drops revoked and expired ones', async () => {
    const kit = createHandlerKit({
      signing: { algorithm: 'ES256' },
      accessTokenTtlSeconds: 600,
      clockToleranceSeconds: 0,
    });
    const rotate = (revokePrevious = false) =>
      kit.handlers.triggerSigningKeyRotation.execute(
        new TriggerSigningKeyRotationCommand({}, revokePrevious),
      );
    const kids = async () =>
      (await kit.handlers.getJsonWebKeySet.execute()).keys.map((k) => k.kid);

    const first = await kit.keys.active();
    const second = await rotate();
    expect(await kids()).toEqual([second.kid, first.kid]);

    kit.clock.advanceSeconds(600);
    expect(await kids()).toEqual([second.kid]);

    const third = await rotate(true);
    expect(await kids()).toEqual([third.kid]);
  });
});
