import { TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { TotpAlreadyEnabledError } from '../../../domain/errors/totp-already-enabled.error.js';
import { UserNotFoundError } from '../../../domain/errors/user-not-found.error.js';
import { createTotpKit } from '../../../../test/support/totp-kit.js';
import { EnrollTotpCommand } from './enroll-totp.command.js';

describe('EnrollTotpHandler', () => {
  it('answers a base32 secret and an otpauth URI with issuer and account label', async () => {
    const kit = createTotpKit({ totp: { issuer: 'Acme Corp' } });
    const { user } = await kit.registerUser();

    const result = await kit.totp.enroll.execute(
      new EnrollTotpCommand(user.id),
    );

    expect(result.secret).toMatch(/^[A-Z2-7]{32}$/);
    const parsed = URI.parse(result.otpauthUri) as TOTP;
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed.issuer).toBe('Acme Corp');
    expect(parsed.label).toBe(user.username);
    expect(parsed.secret.base32).toBe(result.secret);
    expect(parsed.digits).toBe(6);
    expect(parsed.period).toBe(30);
  });

  it('stores the secret sealed for the user, pending, never in clear', async () => {
    const kit = createTotpKit();
    const { user } = await kit.registerUser();

    const { secret } = await kit.totp.enroll.execute(
      new EnrollTotpCommand(user.id),
    );

    const stored = await kit.factors.findByUser(user.id);
    expect(stored?.isConfirmed).toBe(false);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(kit.sealer.open(stored!.sealedSecret, user.id)).toBe(secret);
    expect(await kit.source.methodsOf(user.id)).toEqual([]);
  });

  it('replaces a pending enrolment: only the newest secret confirms', async () => {
    const kit = createTotpKit();
    const { user } = await kit.registerUser();
    const first = await kit.totp.enroll.execute(new EnrollTotpCommand(user.id));
    const second = await kit.totp.enroll.execute(
      new EnrollTotpCommand(user.id),
    );

    expect(second.secret).not.toBe(first.secret);
    const stored = await kit.factors.findByUser(user.id);
    expect(kit.sealer.open(stored!.sealedSecret, user.id)).toBe(second.secret);
  });

  it('refuses while a confirmed factor exists, leaving it as it was', async () => {
    const kit = createTotpKit();
    const enrolled = await kit.userWithTotp();

    await expect(
      kit.totp.enroll.execute(new EnrollTotpCommand(enrolled.user.id)),
    ).rejects.toBeInstanceOf(TotpAlreadyEnabledError);
    const stored = await kit.factors.findByUser(enrolled.user.id);
    expect(kit.sealer.open(stored!.sealedSecret, enrolled.user.id)).toBe(
      enrolled.secret,
    );
  });

  it('refuses an unknown user', async () => {
    const kit = createTotpKit();
    await expect(
      kit.totp.enroll.execute(new EnrollTotpCommand('nobody')),
    ).rejects.toBeInstanceOf(UserNotFoundError);
  });
});
