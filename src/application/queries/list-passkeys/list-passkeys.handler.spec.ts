import { describe, expect, it } from 'vitest';
import { WebAuthnCredential } from '../../../domain/entities/webauthn-credential.entity.js';
import { createPasskeyKit } from '../../../../test/support/passkey-kit.js';
import { ListPasskeysQuery } from './list-passkeys.query.js';

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

describe('ListPasskeysHandler', () => {
  it("lists the user's own passkeys only, oldest first", async () => {
    const { kit, alice, bob } = await twoUsers();
    const list = (userId: string) =>
      kit.passkeyHandlers.listPasskeys.execute(new ListPasskeysQuery(userId));
    expect((await list(alice)).map((c) => c.id)).toEqual(['a1', 'a2']);
    expect((await list(bob)).map((c) => c.id)).toEqual(['b1']);
  });
});
