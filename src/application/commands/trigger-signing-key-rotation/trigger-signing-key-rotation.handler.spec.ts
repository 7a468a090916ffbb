import { beforeEach, describe, expect, it } from 'vitest';
import {
  createHandlerKit,
  type HandlerKit,
} from '../../../../test/support/handler-kit.js';
import { InvalidTokenError } from '../../../domain/errors/invalid-token.error.js';
import { SigningKeyRotatedEvent } from '../../events/signing-key-rotated.event.js';
import { TriggerSigningKeyRotationCommand } from './trigger-signing-key-rotation.command.js';

const TTL_S = 900;
const TOLERANCE_S = 5;
const subject = { sub: 'u1', jti: 'j1', sid: 's1', gv: 1, uv: 1, roles: [] };

describe('TriggerSigningKeyRotationHandler', () => {
  let kit: HandlerKit;
  const rotate = (command = new TriggerSigningKeyRotationCommand()) =>
    kit.handlers.triggerSigningKeyRotation.execute(command);

  beforeEach(() => {
    kit = createHandlerKit({
      accessTokenTtlSeconds: TTL_S,
      clockToleranceSeconds: TOLERANCE_S,
      signing: { algorithm: 'EdDSA' },
    });
  });

  it('makes a fresh key active; the previous one verifies until its tokens have expired', async () => {
    const before = await kit.keys.active();
    const { token } = await kit.signer.sign(subject, kit.clock.now());

    const result = await rotate(
      new TriggerSigningKeyRotationCommand({
        reason: 'quarterly',
        actorId: 'admin-1',
      }),
    );

    const verifiesUntil = new Date(
      kit.clock.now().getTime() + (TTL_S + TOLERANCE_S) * 1000,
    );
    expect(result).toEqual({
      kid: (await kit.keys.active()).kid,
      algorithm: 'EdDSA',
      previousKid: before.kid,
      revokedKids: [],
      rotatedAt: kit.clock.now(),
      previousKeyVerifiesUntil: verifiesUntil,
    });
    expect(result.kid).not.toBe(before.kid);
    expect((await kit.signer.verify(token, kit.clock.now())).sub).toBe('u1');
  });

  it('with revokePrevious withdraws every older key at once', async () => {
    const first = await kit.keys.active();
    const { token } = await kit.signer.sign(subject, kit.clock.now());
    const second = await rotate();

    const result = await rotate(
      new TriggerSigningKeyRotationCommand(
        { reason: 'leak', actorId: 'admin-1' },
        true,
      ),
    );

    expect(result.revokedKids).toEqual([second.kid, first.kid]);
    expect(result.previousKeyVerifiesUntil).toBeNull();
    await expect(kit.signer.verify(token, kit.clock.now())).rejects.toThrow(
      InvalidTokenError,
    );
  });

  it('rotates to the algorithm the command names, else the configured one', async () => {
    expect((await rotate()).algorithm).toBe('EdDSA');
    const es = await rotate(
      new TriggerSigningKeyRotationCommand({}, false, 'ES256'),
    );
    expect(es.algorithm).toBe('ES256');
    const { token } = await kit.signer.sign(subject, kit.clock.now());
    expect(
      JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()),
    ).toMatchObject({ alg: 'ES256', kid: es.kid });
  });

  it('publishes SigningKeyRotatedEvent and records it in the audit trail', async () => {
    const result = await rotate(
      new TriggerSigningKeyRotationCommand({
        reason: 'quarterly',
        actorId: 'admin-1',
        requestId: 'req-9',
      }),
    );

    const event = kit.events.ofType(SigningKeyRotatedEvent)[0];
    expect(event).toMatchObject({
      kid: result.kid,
      previousKid: result.previousKid,
      audit: { reason: 'quarterly', actorId: 'admin-1', requestId: 'req-9' },
    });
    const [record] = await kit.auditLog.list({ skip: 0, limit: 1 });
    expect(record).toMatchObject({
      action: 'signing_key_rotation',
      actorId: 'admin-1',
      subjectId: null,
      reason: 'quarterly',
      requestId: 'req-9',
      details: {
        kid: result.kid,
        algorithm: 'EdDSA',
        previousKid: result.previousKid,
        revokedKeys: 0,
      },
    });
  });
});
