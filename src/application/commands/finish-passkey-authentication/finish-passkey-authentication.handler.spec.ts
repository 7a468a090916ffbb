import { describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from '../../../domain/errors/invalid-credentials.error.js';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { InvalidMfaTokenError } from '../../../domain/errors/invalid-mfa-token.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import type { AuthModuleOptions } from '../../../module/auth/auth.options.js';
import {
  copyOf,
  createPasskeyKit,
  FIXTURE,
  type CredentialJson,
  type PasskeyKit,
} from '../../../../test/support/passkey-kit.js';
import { SetUserStatusCommand } from '../set-user-status/set-user-status.command.js';
import { FinishPasskeyRegistrationCommand } from '../finish-passkey-registration/finish-passkey-registration.command.js';
import { FinishPasskeyAuthenticationCommand } from './finish-passkey-authentication.command.js';
import { passkeyAmr } from './finish-passkey-authentication.handler.js';

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
    sub: string;
    amr: string[];
    auth_time: number;
  };

/** A kit whose user (`userId`) owns the fixture's passkey, registered through the use case. */
async function withPasskey(
  options: Partial<AuthModuleOptions> = {},
  fixtureUser = false,
): Promise<{ kit: PasskeyKit; userId: string }> {
  const kit = createPasskeyKit(options);
  const userId = fixtureUser
    ? (await kit.createFixtureUser()).id
    : (await kit.registerUser()).user.id;
  await kit.seedChallenge(
    FIXTURE.challenges.registration,
    'registration',
    userId,
  );
  await kit.passkeyHandlers.finishRegistration.execute(
    new FinishPasskeyRegistrationCommand(userId, FIXTURE.registration, null),
  );
  return { kit, userId };
}

type AssertionName = 'first' | 'second' | 'discoverable';

/** Stores the recorded assertion's challenge for `userId`'s login (null: passwordless). */
const expect2fa = async (
  kit: PasskeyKit,
  userId: string | null,
  name: AssertionName,
) => kit.seedChallenge(FIXTURE.challenges[name], 'authentication', userId);

const finish = (
  kit: PasskeyKit,
  mfaToken: string | null,
  response: CredentialJson | unknown,
) =>
  kit.passkeyHandlers.finishAuthentication.execute(
    new FinishPasskeyAuthenticationCommand(mfaToken, response, {}, 'Laptop'),
  );

describe('FinishPasskeyAuthenticationHandler, as a second factor', () => {
  it('completes the pending login with amr pwd, hwk, mfa and advances the counter', async () => {
    const { kit, userId } = await withPasskey();
    const mfaToken = await kit.mfaTokenFor(userId);
    await expect2fa(kit, userId, 'first');
    kit.clock.advanceSeconds(5);

    const done = await finish(kit, mfaToken, FIXTURE.assertions.first);
    expect(done.userId).toBe(userId);
    const claims = claimsOf(done.tokens.accessToken);
    expect(claims.sub).toBe(userId);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'mfa']);
    expect(claims.auth_time).toBe(Math.floor(kit.clock.now().getTime() / 1000));
    expect(kit.completed.map((c) => c.factorAmr)).toEqual([['hwk']]);
    const stored = await kit.credentials.findById(FIXTURE.registration.id);
    expect(stored?.signCount).toBe(2);
    expect(stored?.lastUsedAt).toEqual(kit.clock.now());

    // The mfa_token completed one login: it is used up.
    await expect2fa(kit, userId, 'second');
    await expect(
      finish(kit, mfaToken, FIXTURE.assertions.second),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);
  });

  it('refuses a replayed assertion: its challenge is used up, and its counter is not ahead', async () => {
    const { kit, userId } = await withPasskey();
    await expect2fa(kit, userId, 'first');
    await finish(kit, await kit.mfaTokenFor(userId), FIXTURE.assertions.first);

    const again = await kit.mfaTokenFor(userId);
    await expect(
      finish(kit, again, FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    // Even with its challenge issued once more, the counter (2) is not past the stored 2.
    await expect2fa(kit, userId, 'first');
    await expect(
      finish(kit, again, FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    expect(
      (await kit.credentials.findById(FIXTURE.registration.id))?.signCount,
    ).toBe(2);
    // The login is still pending: the next, genuine assertion completes it.
    await expect2fa(kit, userId, 'second');
    await expect(
      finish(kit, again, FIXTURE.assertions.second),
    ).resolves.toMatchObject({ userId });
  });

  it('refuses a counter that went back (a cloned authenticator)', async () => {
    const { kit, userId } = await withPasskey();
    await expect2fa(kit, userId, 'second');
    await finish(kit, await kit.mfaTokenFor(userId), FIXTURE.assertions.second);
    await expect2fa(kit, userId, 'first');
    await expect(
      finish(kit, await kit.mfaTokenFor(userId), FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });

  it('lets one of two assertions read at the same counter through (conditional recordUse)', async () => {
    const { kit, userId } = await withPasskey();
    const tokens = [
      await kit.mfaTokenFor(userId),
      await kit.mfaTokenFor(userId),
    ];
    await expect2fa(kit, userId, 'first');
    await expect2fa(kit, userId, 'second');
    const results = await Promise.allSettled([
      finish(kit, tokens[0] ?? '', FIXTURE.assertions.first),
      finish(kit, tokens[1] ?? '', FIXTURE.assertions.second),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses an assertion from an origin that is not configured', async () => {
    const { kit, userId } = await withPasskey();
    const elsewhere = createPasskeyKit({
      webauthn: { rpId: 'localhost', origins: ['http://localhost:1'] },
    });
    // Same stores' content in a kit pinned to another origin.
    const stored = await kit.credentials.findById(FIXTURE.registration.id);
    await elsewhere.users.create((await kit.users.findById(userId))!);
    await elsewhere.credentials.create(stored!);
    await expect2fa(elsewhere, userId, 'first');
    await expect(
      finish(
        elsewhere,
        await elsewhere.mfaTokenFor(userId),
        FIXTURE.assertions.first,
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });

  it("refuses another user's passkey and a challenge issued to another user", async () => {
    const { kit, userId } = await withPasskey();
    const { user: other } = await kit.registerUser();
    // The other user has a passkey too (so the login asks for one), but not this one.
    await kit.credentials.create({
      ...(await kit.credentials.findById(FIXTURE.registration.id))!,
      id: 'other-credential',
      userId: other.id,
    });
    await expect2fa(kit, other.id, 'first');
    await expect(
      finish(kit, await kit.mfaTokenFor(other.id), FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);

    await expect2fa(kit, other.id, 'first');
    await expect(
      finish(kit, await kit.mfaTokenFor(userId), FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });

  it('refuses a tampered signature', async () => {
    const { kit, userId } = await withPasskey();
    const tampered = copyOf(FIXTURE.assertions.first);
    const signature = Buffer.from(
      tampered.response.signature as string,
      'base64url',
    );
    signature[signature.length - 1] ^= 0x01;
    tampered.response.signature = signature.toString('base64url');
    await expect2fa(kit, userId, 'first');
    await expect(
      finish(kit, await kit.mfaTokenFor(userId), tampered),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
  });

  it('locks the second factor out after loginLockout.maxFailures, even for a right assertion', async () => {
    const { kit, userId } = await withPasskey({
      loginLockout: { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 60 },
    });
    const mfaToken = await kit.mfaTokenFor(userId);
    for (let i = 0; i < 3; i += 1) {
      await expect(
        finish(kit, mfaToken, { id: 'nope', response: {} }),
      ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    }
    await expect2fa(kit, userId, 'first');
    await expect(
      finish(kit, mfaToken, FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    kit.clock.advanceSeconds(61);
    await expect2fa(kit, userId, 'first');
    await expect(
      finish(kit, await kit.mfaTokenFor(userId), FIXTURE.assertions.first),
    ).resolves.toMatchObject({ userId });
  });

  it('refuses an unknown mfa_token before anything else', async () => {
    const { kit } = await withPasskey();
    await expect(
      finish(kit, 'not-a-token', FIXTURE.assertions.first),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);
  });
});

describe('FinishPasskeyAuthenticationHandler, passwordless', () => {
  const passwordless = {
    webauthn: {
      rpId: 'localhost',
      origins: [FIXTURE.origin],
      passwordless: true,
    },
  };

  it('is refused without the option: a passkey is a second factor only', async () => {
    const { kit } = await withPasskey({}, true);
    await expect2fa(kit, null, 'discoverable');
    await expect(
      finish(kit, null, FIXTURE.assertions.discoverable),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('logs the owner of a discoverable credential in, amr hwk and mfa, no pwd', async () => {
    const { kit, userId } = await withPasskey(passwordless, true);
    await expect2fa(kit, null, 'discoverable');
    const done = await finish(kit, null, FIXTURE.assertions.discoverable);
    expect(done.userId).toBe(userId);
    expect(claimsOf(done.tokens.accessToken).amr).toEqual(['hwk', 'mfa']);
    expect(kit.completed).toEqual([]);
    expect(
      (await kit.credentials.findById(FIXTURE.registration.id))?.signCount,
    ).toBe(4);
  });

  it('refuses a challenge of a second-factor login, a wrong user handle and an inactive user', async () => {
    const { kit, userId } = await withPasskey(passwordless, true);
    await expect2fa(kit, userId, 'discoverable');
    await expect(
      finish(kit, null, FIXTURE.assertions.discoverable),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);

    const otherHandle = copyOf(FIXTURE.assertions.discoverable);
    otherHandle.response.userHandle =
      Buffer.from('someone-else').toString('base64url');
    await expect2fa(kit, null, 'discoverable');
    await expect(finish(kit, null, otherHandle)).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );

    await kit.handlers.setUserStatus.execute(
      new SetUserStatusCommand(userId, false),
    );
    await expect2fa(kit, null, 'discoverable');
    await expect(
      finish(kit, null, FIXTURE.assertions.discoverable),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('refuses an unknown credential with the same answer', async () => {
    const { kit } = await withPasskey(passwordless, true);
    const unknown = copyOf(FIXTURE.assertions.discoverable);
    unknown.id = unknown.rawId = 'AAAAAAAAAAAAAAAAAAAAAA';
    await expect2fa(kit, null, 'discoverable');
    await expect(finish(kit, null, unknown)).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });
});

describe('passkeyAmr', () => {
  it('is hwk for a device-bound key and swk for a synced passkey', () => {
    const base = { newSignCount: 1, userVerified: true };
    expect(passkeyAmr({ ...base, deviceType: 'singleDevice' })).toBe('hwk');
    expect(passkeyAmr({ ...base, deviceType: 'multiDevice' })).toBe('swk');
  });
});
