import { describe, expect, it } from 'vitest';
import { PasskeyNotFoundError } from '../../../domain/errors/passkey-not-found.error.js';
import { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { DeletePasskeyCommand } from './delete-passkey.command.js';
import { PasskeyRemovedEvent } from '../../events/passkey-removed.event.js';
import { createPasskeyKit } from '../../../../test/support/passkey-kit.js';

const passkey = (id: string, userId: string, at: Date) =>
  new WebAuthnCredential({
    id,
    userId,
    publicKey: 'pQECAyYgAQ',
    signCount: 0,
    transports: ['usb'],
    name: id,
    createdAt: at,
    lastUsedAt: null,
  });

async function twoUsers() {
  const kit = createPasskeyKit();
  const { user: alice } = await kit.registerUser();
  const { user: bob } = await kit.registerUser();
  await kit.credentials.create(passkey('a1', alice.id, kit.clock.now()));
  kit.clock.advanceSeconds(1);
  await kit.credentials.create(passkey('a2', alice.id, kit.clock.now()));
  await kit.credentials.create(passkey('b1', bob.id, kit.clock.now()));
  return { kit, alice: alice.id, bob: bob.id };
}

describe('DeletePasskeyHandler', () => {
  it("removes the owner's passkey, audited; another's is passkey_not_found and stays", async () => {
    const { kit, alice, bob } = await twoUsers();
    const remove = (userId: string, id: string) =>
      kit.passkeyHandlers.deletePasskey.execute(
        new DeletePasskeyCommand(userId, id, { requestId: 'req-2' }),
      );
    await expect(remove(alice, 'b1')).rejects.toBeInstanceOf(
      PasskeyNotFoundError,
    );
    expect(await kit.credentials.findById('b1')).not.toBeNull();
    await expect(remove(alice, 'nope')).rejects.toBeInstanceOf(
      PasskeyNotFoundError,
    );
    expect(kit.events.ofType(PasskeyRemovedEvent)).toEqual([]);

    await remove(alice, 'a1');
    expect(await kit.credentials.findById('a1')).toBeNull();
    const [record] = await kit.auditLog.list({ skip: 0, limit: 5 });
    expect(record).toMatchObject({
      action: 'passkey_removed',
      actorId: alice,
      subjectId: alice,
      requestId: 'req-2',
      details: { credentialId: 'a1' },
    });
    await expect(remove(alice, 'a1')).rejects.toBeInstanceOf(
      PasskeyNotFoundError,
    );
    expect(await kit.source.methodsOf(alice)).toEqual(['webauthn']);
    await remove(alice, 'a2');
    expect(await kit.source.methodsOf(alice)).toEqual([]);
    expect(await kit.source.methodsOf(bob)).toEqual(['webauthn']);
  });

  it("the passkey factor store's reset removes all of one user's passkeys", async () => {
    const { kit, alice, bob } = await twoUsers();
    await kit.source.reset(alice);
    expect(await kit.credentials.listByUser(alice)).toEqual([]);
    expect(await kit.credentials.listByUser(bob)).toHaveLength(1);
    expect(await kit.methods.methodsOf(alice)).toEqual([]);
  });
});
