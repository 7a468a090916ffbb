import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import { PasskeyRegisteredEvent } from '../../events/passkey-registered.event.js';
import {
  copyOf,
  createPasskeyKit,
  FIXTURE,
  type PasskeyKit,
} from '../../../../test/support/passkey-kit.js';
import { FinishPasskeyRegistrationCommand } from './finish-passkey-registration.command.js';

// The response is Chromium's, recorded once against a fixed challenge
// (scripts/record-webauthn-fixtures.mjs); the spec stores that challenge as the Begin step would.
async function registered(kit: PasskeyKit, userId?: string) {
  const owner = userId ?? (await kit.registerUser()).user.id;
  await kit.seedChallenge(
    FIXTURE.challenges.registration,
    'registration',
    owner,
  );
  return owner;
}

const finish = (
  kit: PasskeyKit,
  userId: string,
  response: unknown = FIXTURE.registration,
  name: string | null = null,
) =>
  kit.passkeyHandlers.finishRegistration.execute(
    new FinishPasskeyRegistrationCommand(userId, response, name, {
      requestId: 'req-1',
    }),
  );

describe('FinishPasskeyRegistrationHandler', () => {
  it('verifies the attestation and stores the credential, audited', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    expect(await kit.source.methodsOf(userId)).toEqual([]);

    const credential = await finish(
      kit,
      userId,
      FIXTURE.registration,
      'Laptop',
    );
    expect(credential.id).toBe(FIXTURE.registration.id);
    expect(credential.userId).toBe(userId);
    expect(credential.name).toBe('Laptop');
    expect(credential.signCount).toBe(1);
    expect(credential.transports).toEqual(['internal']);
    expect(await kit.credentials.findById(credential.id)).toMatchObject({
      userId,
      publicKey: credential.publicKey,
    });
    expect(await kit.source.methodsOf(userId)).toEqual(['webauthn']);

    const [event] = kit.events.ofType(PasskeyRegisteredEvent);
    expect(event?.credentialId).toBe(credential.id);
    const [record] = await kit.auditLog.list({ skip: 0, limit: 10 });
    expect(record).toMatchObject({
      action: 'passkey_registered',
      actorId: userId,
      subjectId: userId,
      requestId: 'req-1',
      details: { credentialId: credential.id, name: 'Laptop' },
    });
  });

  it('names an unnamed passkey by its number', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    expect((await finish(kit, userId)).name).toBe('Passkey 1');
  });

  it('refuses the same response twice: the challenge is used up', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    await finish(kit, userId);
    await expect(finish(kit, userId)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a challenge issued to another user, and stores nothing', async () => {
    const kit = createPasskeyKit();
    await registered(kit);
    const { user: other } = await kit.registerUser();
    await expect(finish(kit, other.id)).rejects.toThrow(
      'The passkey registration did not verify',
    );
    expect(await kit.credentials.findById(FIXTURE.registration.id)).toBeNull();
  });

  it('refuses an expired challenge', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    kit.clock.advanceSeconds(301);
    await expect(finish(kit, userId)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a challenge issued for an authentication', async () => {
    const kit = createPasskeyKit();
    const { user } = await kit.registerUser();
    await kit.seedChallenge(
      FIXTURE.challenges.registration,
      'authentication',
      user.id,
    );
    await expect(finish(kit, user.id)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a response from an origin that is not configured', async () => {
    const kit = createPasskeyKit({
      webauthn: { rpId: 'localhost', origins: ['http://localhost:1'] },
    });
    const userId = await registered(kit);
    await expect(finish(kit, userId)).rejects.toBeInstanceOf(ValidationError);
    expect(await kit.credentials.findById(FIXTURE.registration.id)).toBeNull();
  });

  it('refuses a response for another relying party (rpId and its origin)', async () => {
    const kit = createPasskeyKit({
      webauthn: {
        rpId: 'example.com',
        origins: ['https://example.com'],
      },
    });
    const userId = await registered(kit);
    await expect(finish(kit, userId)).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses client data of another ceremony type, and a credential id registered already', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    const tampered = copyOf(FIXTURE.registration);
    const clientData = JSON.parse(
      Buffer.from(
        tampered.response.clientDataJSON as string,
        'base64url',
      ).toString(),
    ) as Record<string, unknown>;
    tampered.response.clientDataJSON = Buffer.from(
      JSON.stringify({ ...clientData, type: 'webauthn.get' }),
    ).toString('base64url');
    await expect(finish(kit, userId, tampered)).rejects.toBeInstanceOf(
      ValidationError,
    );

    await registered(kit, userId);
    await finish(kit, userId);
    const { user: other } = await kit.registerUser();
    await registered(kit, other.id);
    await expect(finish(kit, other.id)).rejects.toBeInstanceOf(ValidationError);
    expect(
      (await kit.credentials.findById(FIXTURE.registration.id))?.userId,
    ).toBe(userId);
  });

  it('refuses a body without readable client data', async () => {
    const kit = createPasskeyKit();
    const userId = await registered(kit);
    const broken = copyOf(FIXTURE.registration);
    broken.response.clientDataJSON = 'not-json';
    await expect(finish(kit, userId, broken)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
