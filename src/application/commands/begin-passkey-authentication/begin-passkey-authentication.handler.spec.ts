import { describe, expect, it } from 'vitest';
import { InvalidMfaTokenError } from '../../../domain/errors/invalid-mfa-token.error.js';
import { ValidationError } from '../../../domain/errors/validation.error.js';
import {
  createPasskeyKit,
  FIXTURE,
} from '../../../../test/support/passkey-kit.js';
import { FinishPasskeyRegistrationCommand } from '../finish-passkey-registration/finish-passkey-registration.command.js';
import { BeginPasskeyAuthenticationCommand } from './begin-passkey-authentication.command.js';

type RequestOptions = {
  challenge: string;
  rpId: string;
  allowCredentials?: { id: string; transports?: string[] }[];
  userVerification: string;
  timeout: number;
};

const quoting = (challenge: string) => ({
  response: {
    clientDataJSON: Buffer.from(
      JSON.stringify({ type: 'webauthn.get', challenge }),
    ).toString('base64url'),
  },
});

async function kitWithPasskey(passwordless = false) {
  const kit = createPasskeyKit({
    webauthn: { rpId: 'localhost', origins: [FIXTURE.origin], passwordless },
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
  return { kit, userId: user.id };
}

describe('BeginPasskeyAuthenticationHandler', () => {
  it("with an mfa_token: the user's passkeys in allowCredentials, the challenge bound to the user", async () => {
    const { kit, userId } = await kitWithPasskey();
    const mfaToken = await kit.mfaTokenFor(userId);
    const options = (await kit.passkeyHandlers.beginAuthentication.execute(
      new BeginPasskeyAuthenticationCommand(mfaToken),
    )) as unknown as RequestOptions;
    expect(options.rpId).toBe('localhost');
    expect(options.allowCredentials).toEqual([
      {
        id: FIXTURE.registration.id,
        type: 'public-key',
        transports: ['internal'],
      },
    ]);
    expect(options.userVerification).toBe('preferred');
    const taken = await kit.challenges.take(
      'authentication',
      quoting(options.challenge),
    );
    expect(taken?.stored.userId).toBe(userId);
    expect(taken?.stored.ceremony).toBe('authentication');
  });

  it('does not use the mfa_token up', async () => {
    const { kit, userId } = await kitWithPasskey();
    const mfaToken = await kit.mfaTokenFor(userId);
    const begin = () =>
      kit.passkeyHandlers.beginAuthentication.execute(
        new BeginPasskeyAuthenticationCommand(mfaToken),
      );
    await begin();
    await expect(begin()).resolves.toHaveProperty('challenge');
  });

  it('refuses an unknown mfa_token and a login of a user without a passkey', async () => {
    const { kit } = await kitWithPasskey();
    await expect(
      kit.passkeyHandlers.beginAuthentication.execute(
        new BeginPasskeyAuthenticationCommand('x.y'),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);

    const { user } = await kit.registerUser();
    // A factor of another kind (as TOTP would register) makes the login ask for one.
    kit.methods.register({ methodsOf: async () => ['totp'] });
    await expect(
      kit.passkeyHandlers.beginAuthentication.execute(
        new BeginPasskeyAuthenticationCommand(await kit.mfaTokenFor(user.id)),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('without an mfa_token: refused unless passwordless, then discoverable with user verification', async () => {
    const { kit } = await kitWithPasskey();
    await expect(
      kit.passkeyHandlers.beginAuthentication.execute(
        new BeginPasskeyAuthenticationCommand(null),
      ),
    ).rejects.toThrow('mfa_token is required');

    const { kit: open } = await kitWithPasskey(true);
    const options = (await open.passkeyHandlers.beginAuthentication.execute(
      new BeginPasskeyAuthenticationCommand(null),
    )) as unknown as RequestOptions;
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');
    const taken = await open.challenges.take(
      'authentication',
      quoting(options.challenge),
    );
    expect(taken?.stored.userId).toBeNull();
  });
});
