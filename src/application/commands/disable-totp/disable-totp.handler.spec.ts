import { describe, expect, it } from 'vitest';
import { InvalidMfaCodeError } from '../../../domain/errors/invalid-mfa-code.error.js';
import { InvalidPasswordError } from '../../../domain/errors/invalid-password.error.js';
import { TotpNotEnabledError } from '../../../domain/errors/totp-not-enabled.error.js';
import { TotpDisabledEvent } from '../../events/totp-disabled.event.js';
import {
  createTotpKit,
  totpCode,
  wrongCode,
} from '../../../../test/support/totp-kit.js';
import { DisableTotpCommand } from './disable-totp.command.js';

describe('DisableTotpHandler', () => {
  it('removes the factor and its recovery codes with a current code', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    await kit.totp.disable.execute(
      new DisableTotpCommand(
        enrolled.user.id,
        { code: totpCode(enrolled.secret, kit.clock.now()) },
        { requestId: 'req-1' },
      ),
    );

    expect(await kit.factors.findByUser(enrolled.user.id)).toBeNull();
    expect(await kit.source.methodsOf(enrolled.user.id)).toEqual([]);
    expect(kit.events.ofType(TotpDisabledEvent)).toEqual([
      expect.objectContaining({ userId: enrolled.user.id, proof: 'code' }),
    ]);
    const [record] = await kit.auditLog.list({ skip: 0, limit: 1 });
    expect(record).toMatchObject({
      action: 'mfa_totp_disabled',
      subjectId: enrolled.user.id,
      requestId: 'req-1',
    });
  });

  it('removes it with the password instead', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    await kit.totp.disable.execute(
      new DisableTotpCommand(enrolled.user.id, { password: enrolled.password }),
    );

    expect(await kit.factors.findByUser(enrolled.user.id)).toBeNull();
    expect(kit.events.ofType(TotpDisabledEvent)[0]?.proof).toBe('password');
  });

  it('keeps the factor on a wrong code or a wrong password', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    await expect(
      kit.totp.disable.execute(
        new DisableTotpCommand(enrolled.user.id, {
          code: wrongCode(enrolled.secret, kit.clock.now()),
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidMfaCodeError);
    await expect(
      kit.totp.disable.execute(
        new DisableTotpCommand(enrolled.user.id, {
          password: 'not-the-password',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidPasswordError);
    expect((await kit.factors.findByUser(enrolled.user.id))?.isConfirmed).toBe(
      true,
    );
    expect(kit.events.ofType(TotpDisabledEvent)).toEqual([]);
  });

  it('answers totp_not_enabled when there is none', async () => {
    const kit = createTotpKit();
    const { user, password } = await kit.registerUser();
    await expect(
      kit.totp.disable.execute(new DisableTotpCommand(user.id, { password })),
    ).rejects.toBeInstanceOf(TotpNotEnabledError);
  });
});
