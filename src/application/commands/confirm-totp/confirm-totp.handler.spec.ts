import { describe, expect, it } from 'vitest';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { TooManyAttemptsError } from '../../../domain/errors/too-many-attempts.error.js';
import { TotpAlreadyEnabledError } from '../../../domain/errors/totp-already-enabled.error.js';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { TotpEnabledEvent } from '../../events/totp-enabled.event.js';
import { recoveryCodeHash } from '../../services/totp-code-check.service.js';
import {
  createTotpKit,
  totpCode,
  wrongCode,
} from '../../../../test/support/totp-kit.js';
import { ConfirmTotpCommand } from './confirm-totp.command.js';

describe('ConfirmTotpHandler', () => {
  it('activates the factor with a current code and answers 10 distinct recovery codes, stored hashed', async () => {
    const kit = createTotpKit();
    const pending = await kit.userWithTotp(false);

    const { recoveryCodes } = await kit.totp.confirm.execute(
      new ConfirmTotpCommand(
        pending.user.id,
        totpCode(pending.secret, kit.clock.now()),
      ),
    );

    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes)
      expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const stored = await kit.factors.findByUser(pending.user.id);
    expect(stored?.isConfirmed).toBe(true);
    expect(stored?.recoveryCodeHashes).toEqual(
      recoveryCodes.map((c) => recoveryCodeHash(pending.user.id, c)),
    );
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
    expect(await kit.source.methodsOf(pending.user.id)).toEqual([
      'totp',
      'recovery_code',
    ]);
    const [event] = kit.events.ofType(TotpEnabledEvent);
    expect(event).toMatchObject({
      userId: pending.user.id,
      recoveryCodes: 10,
    });
    const [record] = await kit.auditLog.list({ skip: 0, limit: 10 });
    expect(record).toMatchObject({
      action: 'mfa_totp_enabled',
      subjectId: pending.user.id,
      actorId: pending.user.id,
    });
  });

  it('accepts the code of the step before or after (clock drift), not two steps away', async () => {
    const kit = createTotpKit();
    const before = await kit.userWithTotp(false);
    const after = await kit.userWithTotp(false);
    const far = await kit.userWithTotp(false);
    const now = kit.clock.now();

    await kit.totp.confirm.execute(
      new ConfirmTotpCommand(before.user.id, totpCode(before.secret, now, -1)),
    );
    await kit.totp.confirm.execute(
      new ConfirmTotpCommand(after.user.id, totpCode(after.secret, now, 1)),
    );
    await expect(
      kit.totp.confirm.execute(
        new ConfirmTotpCommand(far.user.id, totpCode(far.secret, now, 2)),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    expect((await kit.factors.findByUser(far.user.id))?.isConfirmed).toBe(
      false,
    );
  });

  it('refuses a wrong code, counting it toward the MFA lockout', async () => {
    const kit = createTotpKit({
      loginLockout: { maxFailures: 3, windowSeconds: 60, lockoutSeconds: 60 },
    });
    const pending = await kit.userWithTotp(false);
    const bad = wrongCode(pending.secret, kit.clock.now());

    for (let i = 0; i < 3; i += 1) {
      await expect(
        kit.totp.confirm.execute(new ConfirmTotpCommand(pending.user.id, bad)),
      ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    }
    // Locked: even the right code is not looked at.
    await expect(
      kit.totp.confirm.execute(
        new ConfirmTotpCommand(
          pending.user.id,
          totpCode(pending.secret, kit.clock.now()),
        ),
      ),
    ).rejects.toBeInstanceOf(TooManyAttemptsError);
    kit.clock.advanceSeconds(61);
    await kit.totp.confirm.execute(
      new ConfirmTotpCommand(
        pending.user.id,
        totpCode(pending.secret, kit.clock.now()),
      ),
    );
  });

  it('refuses without a pending enrolment, and once confirmed', async () => {
    const kit = createTotpKit();
    const { user } = await kit.registerUser();
    await expect(
      kit.totp.confirm.execute(new ConfirmTotpCommand(user.id, '123456')),
    ).rejects.toBeInstanceOf(TotpNotEnabledError);

    const enrolled = await kit.userWithTotp();
    await expect(
      kit.totp.confirm.execute(
        new ConfirmTotpCommand(
          enrolled.user.id,
          totpCode(enrolled.secret, kit.clock.now()),
        ),
      ),
    ).rejects.toBeInstanceOf(TotpAlreadyEnabledError);
  });
});
