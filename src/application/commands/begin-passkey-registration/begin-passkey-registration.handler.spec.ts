import { describe, expect, it } from 'vitest';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import {
  createPasskeyKit,
  FIXTURE,
} from '../../../../test/support/passkey-kit.js';
import { FinishPasskeyRegistrationCommand } from '../finish-passkey-registration/finish-passkey-registration.command.js';
import { BeginPasskeyRegistrationCommand } from './begin-passkey-registration.command.js';

/** The options as the browser would read them. */
type CreationOptions = {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string };
  timeout: number;
  excludeCredentials: { id: string }[];
  authenticatorSelection: { residentKey: string };
};

/** What the browser sends back, quoting `challenge` (only the client data is read for it). */
const quoting = (challenge: string) => ({
  response: {
    clientDataJSON: Buffer.from(
      JSON.stringify({ type: 'webauthn.create', challenge }),
    ).toString('base64url'),
  },
});

describe('BeginPasskeyRegistrationHandler', () => {
  it('gives creation options for the user on the configured relying party', async () => {
    const kit = createPasskeyKit({
      webauthn: {
        rpId: 'localhost',
        rpName: 'Example',
        origins: [FIXTURE.origin],
      },
    });
    const { user } = await kit.registerUser();
    const options = (await kit.passkeyHandlers.beginRegistration.execute(
      new BeginPasskeyRegistrationCommand(user.id),
    )) as unknown as CreationOptions;
    expect(options.rp).toEqual({ id: 'localhost', name: 'Example' });
    expect(options.user.name).toBe(user.username);
    expect(Buffer.from(options.user.id, 'base64url').toString()).toBe(user.id);
    expect(options.timeout).toBe(300_000);
    expect(options.excludeCredentials).toEqual([]);
    expect(options.authenticatorSelection.residentKey).toBe('preferred');
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('stores the challenge single-use, for this user, until it expires', async () => {
    const kit = createPasskeyKit({
      webauthn: {
        rpId: 'localhost',
        origins: [FIXTURE.origin],
        challengeTtlSeconds: 60,
      },
    });
    const { user } = await kit.registerUser();
    const begin = () =>
      kit.passkeyHandlers.beginRegistration.execute(
        new BeginPasskeyRegistrationCommand(user.id),
      );
    const first = await begin();
    const taken = await kit.challenges.take(
      'registration',
      quoting(first.challenge),
    );
    expect(taken?.stored.userId).toBe(user.id);
    expect(
      await kit.challenges.take('registration', quoting(first.challenge)),
    ).toBeNull();

    const second = await begin();
    expect(second.challenge).not.toBe(first.challenge);
    kit.clock.advance(61_000);
    expect(
      await kit.challenges.take('registration', quoting(second.challenge)),
    ).toBeNull();
  });

  it('excludes the passkeys the user already has, and asks for a resident key when passwordless', async () => {
    const kit = createPasskeyKit({
      webauthn: {
        rpId: 'localhost',
        origins: [FIXTURE.origin],
        passwordless: true,
      },
    });
    const { user } = await kit.registerUser();
    await kit.seedChallenge(
      FIXTURE.challenges.registration,
      'registration',
      user.id,
    );
    await kit.passkeyHandlers.finishRegistration.execute(
      new FinishPasskeyRegistrationCommand(user.id, FIXTURE.registration, null),
    );
    const options = (await kit.passkeyHandlers.beginRegistration.execute(
      new BeginPasskeyRegistrationCommand(user.id),
    )) as unknown as CreationOptions;
    expect(options.excludeCredentials.map((c) => c.id)).toEqual([
      FIXTURE.registration.id,
    ]);
    expect(options.authenticatorSelection.residentKey).toBe('required');
  });

  it('refuses an unknown user', async () => {
    const kit = createPasskeyKit();
    await expect(
      kit.passkeyHandlers.beginRegistration.execute(
        new BeginPasskeyRegistrationCommand('no-such-user'),
      ),
    ).rejects.toBeInstanceOf(UserNotFoundError);
  });
});
