import { describe, expect, it } from 'vitest';
import { createTwoPasskeyUsers } from '../../../../test/support/passkey-kit.js';
import { ListPasskeysQuery } from './list-passkeys.query.js';

describe('ListPasskeysHandler', () => {
  it("lists the user's own passkeys only, oldest first", async () => {
    const { kit, alice, bob } = await createTwoPasskeyUsers();
    const list = (userId: string) =>
      kit.passkeyHandlers.listPasskeys.execute(new ListPasskeysQuery(userId));
    expect((await list(alice)).map((c) => c.id)).toEqual(['a1', 'a2']);
    expect((await list(bob)).map((c) => c.id)).toEqual(['b1']);
  });
});
