import { describe, expect, it } from 'vitest';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { RecoveryCodesRegeneratedEvent } from '../../events/recovery-codes-regenerated.event.js';
import {
  createTotpKit,
  totpCode,
  wrongCode,
} from '../../../../test/support/totp-kit.js';
import { VerifyMfaCommand } from '../verify-mfa/verify-mfa.command.js';
import { RegenerateRecoveryCodesCommand } from './regenerate-recovery-codes.command.js';

describe('RegenerateRecoveryCodesHandler', () => {
  it('answers a new set of 10 for a current code; the old set stops working, the new one works', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    const { recoveryCodes } = await kit.totp.regenerate.execute(
      new RegenerateRecoveryCodesCommand(
        enrolled.user.id,
        totpCode(enrolled.secret, kit.clock.now()),
      ),
    );

    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes).not.toContain(enrolled.recoveryCodes[0]);
    await expect(
      kit.totp.verify.execute(
        new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
          recoveryCode: enrolled.recoveryCodes[0]!,
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    await kit.totp.verify.execute(
      new VerifyMfaCommand(await kit.mfaTokenFor(enrolled.user.id), {
        recoveryCode: recoveryCodes[0]!,
      }),
    );
    const [event] = kit.events.ofType(RecoveryCodesRegeneratedEvent);
    expect(event).toMatchObject({
      userId: enrolled.user.id,
      recoveryCodes: 10,
    });
  });

  it('keeps the old set on a wrong code', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    await expect(
      kit.totp.regenerate.execute(
        new RegenerateRecoveryCodesCommand(
          enrolled.user.id,
          wrongCode(enrolled.secret, kit.clock.now()),
        ),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    expect(
      (await kit.factors.findByUser(enrolled.user.id))?.recoveryCodeHashes,
    ).toHaveLength(10);
  });

  it('answers totp_not_enabled for a pending enrolment', async () => {
    const kit = createTotpKit();
    const pending = await kit.userWithTotp(false);
    await expect(
      kit.totp.regenerate.execute(
        new RegenerateRecoveryCodesCommand(
          pending.user.id,
          totpCode(pending.secret, kit.clock.now()),
        ),
      ),
    ).rejects.toBeInstanceOf(TotpNotEnabledError);
  });
});
