import { describe, expect, it } from 'vitest';
import { PasskeyNotFoundError } from '../../../domain/errors/passkey-not-found.error.js';
import { DeletePasskeyCommand } from './delete-passkey.command.js';
import { PasskeyRemovedEvent } from '../../events/passkey-removed.event.js';
import { createTwoPasskeyUsers } from '../../../../test/support/passkey-kit.js';

describe('DeletePasskeyHandler', () => {
  it("removes the owner's passkey, audited; another's is passkey_not_found and stays", async () => {
    const { kit, alice, bob } = await createTwoPasskeyUsers();
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
    const { kit, alice, bob } = await createTwoPasskeyUsers();
    await kit.source.reset(alice);
    expect(await kit.credentials.listByUser(alice)).toEqual([]);
    expect(await kit.credentials.listByUser(bob)).toHaveLength(1);
    expect(await kit.methods.methodsOf(alice)).toEqual([]);
  });
});
