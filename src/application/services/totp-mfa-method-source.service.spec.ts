import { describe, expect, it } from 'vitest';
import { VerifyMfaCommand } from '../commands/verify-mfa/verify-mfa.command.js';
import { createTotpKit } from '../../../test/support/totp-kit.js';

describe('TotpMfaMethodSource', () => {
  it('lists totp and recovery_code for a confirmed factor, nothing for a pending one or none', async () => {
    const kit = createTotpKit();
    const confirmed = await kit.userWithTotp();
    const pending = await kit.userWithTotp(false);
    const { user } = await kit.registerUser();

    expect(await kit.methods.methodsOf(confirmed.user.id)).toEqual([
      'totp',
      'recovery_code',
    ]);
    expect(await kit.methods.methodsOf(pending.user.id)).toEqual([]);
    expect(await kit.methods.methodsOf(user.id)).toEqual([]);
  });

  it('drops recovery_code once every code is used', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    for (const recoveryCode of enrolled.recoveryCodes) {
      await kit.totp.verify.execute(
        new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
          recoveryCode,
        }),
      );
    }
    expect(await kit.methods.methodsOf(enrolled.user.id)).toEqual(['totp']);
  });

  it('reset removes the factor and its recovery codes', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();
    const other = await kit.userWithTotp();

    await kit.source.reset(enrolled.user.id);

    expect(await kit.factors.findByUser(enrolled.user.id)).toBeNull();
    expect(await kit.methods.methodsOf(enrolled.user.id)).toEqual([]);
    expect(await kit.methods.methodsOf(other.user.id)).not.toEqual([]);
  });
});
