import { describe, expect, it } from 'vitest';
import { InvalidMfaTokenError } from '../../../domain/errors/invalid-mfa-token.error.js';
import { createTotpKit } from '../../../../test/support/totp-kit.js';
import { BeginMfaLoginCommand } from './begin-mfa-login.command.js';

describe('BeginMfaLoginHandler', () => {
  it('answers null for a user without a factor under the default policy', async () => {
    const kit = createTotpKit();
    const { user } = await kit.registerUser();
    expect(
      await kit.totp.beginMfaLogin.execute(new BeginMfaLoginCommand(user.id)),
    ).toBeNull();
  });

  it('answers an mfa_login challenge with the methods of a user with a factor', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const challenge = await kit.totp.beginMfaLogin.execute(
      new BeginMfaLoginCommand(enrolled.user.id),
    );
    expect(challenge?.methods).toEqual(['totp', 'recovery_code']);
    expect(
      (await kit.mfaTokens.resolve(challenge!.mfaToken, kit.clock.now()))
        .purpose,
    ).toBe('mfa_login');
  });

  it('with mfa.required roles: an enrolment challenge for a user with such a role and no factor, nothing for others', async () => {
    const kit = createTotpKit({ mfa: { required: 'roles', roles: ['admin'] } });
    const { user: admin } = await kit.registerUser({ roles: ['admin'] });
    const { user } = await kit.registerUser({ roles: ['user'] });

    const challenge = await kit.totp.beginMfaLogin.execute(
      new BeginMfaLoginCommand(admin.id),
    );
    expect(challenge?.methods).toEqual(['totp_enroll']);
    const pending = await kit.mfaTokens.resolve(
      challenge!.mfaToken,
      kit.clock.now(),
      ['mfa_enrollment'],
    );
    expect(pending.userId).toBe(admin.id);
    // It is no login token: what completes a login refuses it.
    await expect(
      kit.mfaTokens.resolve(challenge!.mfaToken, kit.clock.now()),
    ).rejects.toBeInstanceOf(InvalidMfaTokenError);
    expect(
      await kit.totp.beginMfaLogin.execute(new BeginMfaLoginCommand(user.id)),
    ).toBeNull();
  });

  it('with mfa.required all: every user without a factor enrols', async () => {
    const kit = createTotpKit({ mfa: { required: 'all' } });
    const { user } = await kit.registerUser();
    const challenge = await kit.totp.beginMfaLogin.execute(
      new BeginMfaLoginCommand(user.id),
    );
    expect(challenge?.methods).toEqual(['totp_enroll']);
  });
});
